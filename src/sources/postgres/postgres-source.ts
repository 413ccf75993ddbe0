import pg from 'pg';
import { SourceError } from '../../shared/errors.js';
import type {
  AssetDescriptor,
  FieldDescriptor,
  Sample,
  SampleOptions,
  SourceAdapter,
} from '../source-adapter.js';
import { type PostgresConnectionConfig, openPostgresPool } from './postgres-connection.js';
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
  private readonly pool: pg.Pool;
  private readonly config: PostgresSourceConfig;
  private readonly assets = new Map<string, PostgresAsset>();

  constructor(config: PostgresSourceConfig) {
    this.name = config.name;
    this.config = config;
    this.location = config.url ?? 'postgres:// (from PG* environment variables)';
    this.pool = openPostgresPool(config);
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
  ): Promise<Sample> {
    const known = this.known(asset);
    const { method, sql, params } = samplingQuery(known, fields, options, (id) => this.quote(id));
    const client = await this.connect();
    const rows = this.released(client, streamRows(client, sql, params), asset);
    return { method, rows };
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
        `source ${this.name}: cannot connect (${(error as Error).message}); check the URL, network and credentials`,
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

  /** Releases the client when the rows are consumed (or abandoned), and names permission errors. */
  private async *released(
    client: pg.PoolClient,
    rows: AsyncGenerator<(string | null)[]>,
    asset: AssetDescriptor,
  ): AsyncGenerator<(string | null)[]> {
    let broken = false;
    try {
      yield* rows;
    } catch (error) {
      broken = true;
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
      client.release(broken);
    }
  }
}
