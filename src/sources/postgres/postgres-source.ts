import pg from 'pg';
import { SourceError } from '../../shared/errors.js';
import { connectHint } from '../connect-hint.js';
import {
  type AssetAccess,
  type AssetDescriptor,
  type FieldDescriptor,
  type PlannedSample,
  type TableSample,
  type SampleOptions,
  type SessionReport,
  type SourceAdapter,
  DEFAULT_MAX_CONNECTIONS,
} from '../source-adapter.js';
import { postgresAccess, postgresSession } from './postgres-check.js';
import { type PostgresConnectionConfig, openPostgresPool } from './postgres-connection.js';
import { postgresFingerprints } from './postgres-fingerprint.js';
import { type PostgresAsset, describePostgresAsset, listPostgresAssets } from './postgres-introspect.js';
import { samplingQuery, streamRows } from './postgres-sample.js';

export interface PostgresSourceConfig extends PostgresConnectionConfig {
  name: string;
  schemas?: string[];
  views?: boolean;
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** A PostgreSQL database, read through read-only, time-limited sessions. */
export class PostgresSource implements SourceAdapter {
  readonly kind = 'postgres';
  readonly name: string;
  readonly location: string;
  readonly concurrency: number;
  private readonly pool: pg.Pool;
  private readonly config: PostgresSourceConfig;
  private readonly assets = new Map<string, PostgresAsset>();

  constructor(config: PostgresSourceConfig) {
    this.name = config.name;
    this.config = config;
    this.location = config.url ?? 'postgres:// (from PG* environment variables)';
    this.pool = openPostgresPool(config);
    this.concurrency = config.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    // An idle client's connection error must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async listAssets(): Promise<AssetDescriptor[]> {
    const assets = await this.withClient((client) =>
      listPostgresAssets(client, this.config.schemas, this.config.views === true),
    );
    for (const asset of assets) this.assets.set(asset.name, asset);
    return assets;
  }

  async describe(asset: AssetDescriptor): Promise<FieldDescriptor[]> {
    return this.withClient((client) => describePostgresAsset(client, this.known(asset)));
  }

  async sample(
    asset: AssetDescriptor,
    fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): Promise<TableSample> {
    const known = this.known(asset);
    const { method, sql, params } = samplingQuery(known, fields, options, (id) => this.quote(id));
    return { method, rows: this.rows(sql, params, asset) };
  }

  /** The method `sample` would choose, from the listing's estimate (its own rule, the same inputs). */
  async planSample(asset: AssetDescriptor, options: SampleOptions): Promise<PlannedSample> {
    const known = this.known(asset);
    const { method } = samplingQuery(known, [], options, (id) => this.quote(id));
    return { method, ...(known.rowEstimate !== undefined && { estimatedRows: known.rowEstimate }) };
  }

  async checkAccess(assets: readonly AssetDescriptor[]): Promise<AssetAccess[]> {
    const known = assets.map((asset) => this.known(asset));
    return this.withClient((client) => postgresAccess(client, known));
  }

  /** From the catalogs and statistics counters, one query for all assets (postgres-fingerprint.ts). */
  async fingerprints(assets: readonly AssetDescriptor[]): Promise<(string | null)[]> {
    const known = assets.map((asset) => this.known(asset));
    return this.withClient((client) => postgresFingerprints(client, known));
  }

  async checkSession(): Promise<SessionReport> {
    return this.withClient((client) => postgresSession(client));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Identifiers are quoted by pg's own escaping, never interpolated raw. */
  private quote(identifier: string): string {
    return pg.escapeIdentifier(identifier);
  }

  private known(asset: AssetDescriptor): PostgresAsset {
    const known = this.assets.get(asset.name);
    if (known === undefined)
      throw new SourceError(`source ${this.name}: ${asset.name} was not listed; list assets first`);
    return known;
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw new SourceError(
        `source ${this.name}: cannot connect (${(error as Error).message}); ${connectHint(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  /**
   * Streams a query's rows on a client of its own. A stream read to the end returns its client to
   * the pool; one abandoned or failed half-way destroys it, so no open cursor or transaction is
   * ever left behind on the server (and closing the pool never waits for it).
   */
  private async *rows(
    sql: string,
    params: unknown[],
    asset: AssetDescriptor,
  ): AsyncGenerator<(string | null)[]> {
    const client = await this.connect();
    let finished = false;
    try {
      yield* streamRows(client, sql, params);
      finished = true;
    } catch (error) {
      if ((error as { code?: string }).code === INSUFFICIENT_PRIVILEGE) {
        throw new SourceError(
          `${asset.name}: permission denied; GRANT SELECT on it to the scanning role to scan its values`,
          {
            cause: error,
            permissionDenied: true,
          },
        );
      }
      throw new SourceError(`${asset.name}: ${(error as Error).message}`, { cause: error });
    } finally {
      client.release(!finished);
    }
  }
}
