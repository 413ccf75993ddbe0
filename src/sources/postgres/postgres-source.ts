import pg from 'pg';
import { SourceError } from '../../shared/errors.js';
import { connectHint } from '../connect-hint.js';
import {
  type AssetAccess,
  type AssetDescriptor,
  type ColumnarSample,
  type CopyRows,
  type FieldDescriptor,
  type PlannedSample,
  type Row,
  type TableSample,
  type SampleOptions,
  type SessionReport,
  type SourceAdapter,
  BATCH_ROWS,
  COPY_BATCH_ROWS,
  DEFAULT_MAX_CONNECTIONS,
} from '../source-adapter.js';
import { postgresAccess, postgresSession } from './postgres-check.js';
import {
  DEFAULT_STATEMENT_TIMEOUT_MS,
  LOCK_TIMEOUT_MS,
  type PostgresConnectionConfig,
  openPostgresPool,
} from './postgres-connection.js';
import { type PostgresErrorContext, postgresAssetError, serverUnavailable } from './postgres-errors.js';
import { postgresFingerprints } from './postgres-fingerprint.js';
import { type PostgresAsset, describePostgresAsset, listPostgresAssets } from './postgres-introspect.js';
import { copyBatches, copySampleBatches } from './postgres-copy.js';
import { samplingQuery, streamRows } from './postgres-sample.js';

export interface PostgresSourceConfig extends PostgresConnectionConfig {
  name: string;
  schemas?: string[];
  views?: boolean;
}

/** After the server was first reached, how long one that went away is waited for before an asset fails. */
const RECONNECT_WITHIN_MS = 15_000;

/** A PostgreSQL database, read through read-only, time-limited sessions. */
export class PostgresSource implements SourceAdapter {
  readonly kind = 'postgres';
  readonly name: string;
  readonly location: string;
  readonly concurrency: number;
  private readonly pool: pg.Pool;
  private readonly config: PostgresSourceConfig;
  private readonly assets = new Map<string, PostgresAsset>();
  private readonly errorContext: PostgresErrorContext;
  /** Whether a connection has ever been made: from then on, a lost server is waited for. */
  private reached = false;

  constructor(config: PostgresSourceConfig) {
    this.name = config.name;
    this.config = config;
    this.location = config.url ?? 'postgres:// (from PG* environment variables)';
    this.pool = openPostgresPool(config);
    this.concurrency = config.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.errorContext = {
      source: config.name,
      statementTimeoutMs: config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: LOCK_TIMEOUT_MS,
    };
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
    const known = this.known(asset);
    return this.withClient((client) => describePostgresAsset(client, known), asset.name);
  }

  async sample(
    asset: AssetDescriptor,
    fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): Promise<TableSample | ColumnarSample> {
    const known = this.known(asset);
    const { method, sql } = samplingQuery(known, fields, options, (id) => this.quote(id));
    if (fields.length > 0) {
      // Every row of a table: COPY by page ranges. A sample (at most sampleSize rows): one COPY.
      if (method === 'full' && known.kind === 'table')
        return { method, columns: this.columnBatches(known, fields, options) };
      if (method !== 'full')
        return {
          method,
          columns: this.streamed(asset, (client) =>
            copySampleBatches(client, sql, fields.length, BATCH_ROWS),
          ),
        };
    }
    // Every row of a view (or of an asset with no field to read): a cursor, each FETCH bounded by
    // statement_timeout.
    return { method, rowRuns: this.rowRuns(sql, asset) };
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

  /**
   * A client from the pool. Once the server has been reached, a server that goes away (a restart,
   * a failover, a terminated session) is waited for, up to RECONNECT_WITHIN_MS, before an asset
   * fails for it; a server never reached fails at once (a wrong URL should not take seconds to say
   * so), and so does one that did not come back within the wait.
   */
  private async connect(): Promise<pg.PoolClient> {
    const deadline = Date.now() + RECONNECT_WITHIN_MS;
    for (let delay = 100; ; delay = Math.min(2 * delay, 2000)) {
      try {
        const client = await this.pool.connect();
        this.reached = true;
        return client;
      } catch (error) {
        if (this.reached && serverUnavailable(error) && Date.now() + delay < deadline) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        const hint =
          this.reached && serverUnavailable(error)
            ? `the server answered earlier in this scan but not again within ${RECONNECT_WITHIN_MS / 1000} s; check that it is up`
            : connectHint(error);
        // Waited out once: the assets left fail at once, not another wait each, until a connect succeeds.
        this.reached = false;
        throw new SourceError(`source ${this.name}: cannot connect (${(error as Error).message}); ${hint}`, {
          cause: error,
        });
      }
    }
  }

  /**
   * A client from connect(), watched: pg emits a connection lost between queries as an 'error'
   * event on the client, which nothing else listens to while it is checked out and which would end
   * the process. It is caught here and kept as the failure to report (the next query would only say
   * the client "is not queryable").
   */
  private async lease(): Promise<{
    client: pg.PoolClient;
    failure: (error: unknown) => unknown;
    release: (destroy: boolean) => void;
  }> {
    const client = await this.connect();
    let lost: unknown;
    const onError = (error: Error) => void (lost ??= error);
    client.on('error', onError);
    return {
      client,
      failure: (error) => lost ?? error,
      release: (destroy) => {
        client.off('error', onError);
        client.release(destroy);
      },
    };
  }

  /**
   * Runs `work` (catalog reads, safe to repeat) on a client; its failures are named after `asset`
   * when given. Work cut by a lost connection is run once more on a new one: a server restarting
   * can accept a connection and end it before its first query.
   */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>, asset?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { client, failure, release } = await this.lease();
      try {
        return await work(client);
      } catch (error) {
        const cause = failure(error);
        if (attempt === 1 && serverUnavailable(cause)) continue;
        throw asset === undefined ? cause : postgresAssetError(asset, cause, this.errorContext);
      } finally {
        release(false);
      }
    }
  }

  /** Every row of a table by column, through COPY (postgres-copy.ts), on a client of its own as rowRuns() does. */
  private columnBatches(
    asset: PostgresAsset,
    fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): AsyncGenerator<CopyRows> {
    const batchOptions = { maxValueChars: options.maxValueBytes, rowsPerBatch: COPY_BATCH_ROWS };
    return this.streamed(asset, (client) =>
      copyBatches(client, asset, fields, batchOptions, (id) => this.quote(id)),
    );
  }

  /**
   * Streams a query's rows on a client of its own. A stream read to the end returns its client to
   * the pool; one abandoned or failed half-way destroys it, so no open cursor or transaction is
   * ever left behind on the server (and closing the pool never waits for it). A connection lost
   * before the first row is tried once more on a new one, as in withClient; after it, the asset fails.
   */
  private rowRuns(sql: string, asset: AssetDescriptor): AsyncGenerator<Row[]> {
    return this.streamed(asset, (client) => streamRows(client, sql));
  }

  /** Runs a stream on a leased client with rowRuns()'s rules for retrying, errors and the client's release. */
  private async *streamed<T>(
    asset: AssetDescriptor,
    stream: (client: pg.PoolClient) => AsyncIterable<T>,
  ): AsyncGenerator<T> {
    for (let attempt = 1; ; attempt++) {
      const { client, failure, release } = await this.lease();
      let finished = false;
      let started = false;
      try {
        for await (const item of stream(client)) {
          started = true;
          yield item;
        }
        finished = true;
        return;
      } catch (error) {
        const cause = failure(error);
        if (attempt === 1 && !started && serverUnavailable(cause)) continue;
        throw postgresAssetError(asset.name, cause, this.errorContext);
      } finally {
        release(!finished);
      }
    }
  }
}
