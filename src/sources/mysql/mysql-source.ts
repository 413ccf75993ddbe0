import type { PoolConnection } from 'mysql2/promise';
import { SourceError } from '../../shared/errors.js';
import {
  type AssetAccess,
  type AssetDescriptor,
  type FieldDescriptor,
  type PlannedSample,
  type Row,
  type TableSample,
  type SampleOptions,
  type SessionReport,
  type SourceAdapter,
  DEFAULT_MAX_CONNECTIONS,
} from '../source-adapter.js';
import { mysqlAccess, mysqlCurrentUser, mysqlSession, planFromEstimate } from './mysql-check.js';
import { type MysqlConnectionConfig, mysqlEndpoint, mysqlPoolOptions } from './mysql-connection.js';
import { mysqlAssetError, mysqlConnectError, mysqlSourceError } from './mysql-errors.js';
import { mysqlFingerprints } from './mysql-fingerprint.js';
import { type MysqlTable, describeMysqlTable, findMysqlTable, listMysqlTables } from './mysql-introspect.js';
import { leasedRows } from './mysql-row-stream.js';
import { planMysqlSample, planRows } from './mysql-sample.js';
import { MysqlSessionPool } from './mysql-session-pool.js';

export interface MysqlSourceConfig extends MysqlConnectionConfig {
  /** Default: the URL's database, or every non-system database if it names none. */
  databases?: string[];
  views?: boolean;
  /** Default 30 s; 0 disables the limit. */
  statementTimeoutMs?: number;
}

/** How long a statement may wait for a lock (metadata locks, mostly): piimap never holds one long. */
const LOCK_WAIT_SECONDS = 5;

/** A MySQL or MariaDB server, read through read-only, time-bounded sessions. */
export class MysqlSource implements SourceAdapter {
  readonly kind = 'mysql';
  readonly name: string;
  readonly location: string;
  readonly concurrency: number;
  private readonly pool: MysqlSessionPool;
  private readonly databases: string[] | undefined;
  private readonly views: boolean;
  private readonly tables = new Map<string, MysqlTable>();
  private readonly statementTimeoutMs: number;

  constructor(config: MysqlSourceConfig) {
    const endpoint = mysqlEndpoint(config);
    this.name = config.name;
    this.location = endpoint.location;
    this.concurrency = config.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.views = config.views === true;
    this.databases = config.databases?.length
      ? config.databases
      : endpoint.database
        ? [endpoint.database]
        : undefined;
    this.statementTimeoutMs = config.statementTimeoutMs ?? 30_000;
    this.pool = new MysqlSessionPool(mysqlPoolOptions(config, endpoint), {
      statementTimeoutMs: this.statementTimeoutMs,
      lockWaitSeconds: LOCK_WAIT_SECONDS,
    });
  }

  /** Constructs the source and opens one session, so a bad URL or password fails here. */
  static async connect(config: MysqlSourceConfig): Promise<MysqlSource> {
    const source = new MysqlSource(config);
    try {
      (await source.acquire()).release();
    } catch (error) {
      await source.close();
      throw error;
    }
    return source;
  }

  async listAssets(): Promise<AssetDescriptor[]> {
    const tables = await this.withConnection((connection) =>
      listMysqlTables(connection, this.databases, this.views),
    );
    for (const table of tables) this.tables.set(table.name, table);
    return tables.map(({ database: _database, table: _table, ...asset }) => asset);
  }

  async describe(asset: AssetDescriptor): Promise<FieldDescriptor[]> {
    const dialect = await this.pool.dialect().catch((error: unknown) => {
      throw mysqlConnectError(this.name, this.location, error);
    });
    return this.withTable(asset, (connection, table) => describeMysqlTable(connection, table, dialect));
  }

  async sample(
    asset: AssetDescriptor,
    fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): Promise<TableSample> {
    const [table, plan] = await this.withTable(asset, async (connection, found) => {
      return [found, await planMysqlSample(connection, found, fields, options)] as const;
    });
    // Rows take their own connection when first read, and hold it only while they are read.
    const rows = leasedRows(
      () => this.acquire(),
      (connection) => planRows(connection, plan),
    );
    return { method: plan.method, rowRuns: this.guarded(table, rows) };
  }

  /** planMysqlSample's decision from the listing's TABLE_ROWS and the table's keys: no row is read. */
  async planSample(asset: AssetDescriptor, options: SampleOptions): Promise<PlannedSample> {
    return this.withTable(asset, (connection, table) => planFromEstimate(connection, table, options));
  }

  /** The scan's own privilege check per table, `SELECT <its columns> … LIMIT 0`. */
  async checkAccess(assets: readonly AssetDescriptor[]): Promise<AssetAccess[]> {
    const dialect = await this.pool.dialect().catch((error: unknown) => {
      throw mysqlConnectError(this.name, this.location, error);
    });
    return this.withConnection(async (connection) => {
      const user = await mysqlCurrentUser(connection);
      const access: AssetAccess[] = [];
      for (const asset of assets) {
        const table = this.tables.get(asset.name) ?? (await findMysqlTable(connection, asset.name));
        if (table === undefined) {
          access.push({
            readable: false,
            detail: 'no such table or view, or not visible to the scanning user',
          });
          continue;
        }
        const fields = await describeMysqlTable(connection, table, dialect);
        access.push(await mysqlAccess(connection, table, fields, user));
      }
      return access;
    });
  }

  /** From information_schema, two queries for all assets (mysql-fingerprint.ts). */
  async fingerprints(assets: readonly AssetDescriptor[]): Promise<(string | null)[]> {
    return this.withConnection(async (connection) => {
      const tables: (MysqlTable | undefined)[] = [];
      for (const asset of assets)
        tables.push(this.tables.get(asset.name) ?? (await findMysqlTable(connection, asset.name)));
      return mysqlFingerprints(connection, tables);
    });
  }

  async checkSession(): Promise<SessionReport> {
    const dialect = await this.pool.dialect().catch((error: unknown) => {
      throw mysqlConnectError(this.name, this.location, error);
    });
    return this.withConnection((connection) => mysqlSession(connection, dialect));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async acquire(): Promise<PoolConnection> {
    try {
      return await this.pool.acquire();
    } catch (error) {
      throw mysqlConnectError(this.name, this.location, error);
    }
  }

  private async withConnection<T>(work: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } catch (error) {
      throw mysqlSourceError(this.name, error);
    } finally {
      connection.release();
    }
  }

  /** Runs `work` on the asset's table; assets not listed in this session are looked up by name. */
  private withTable<T>(
    asset: AssetDescriptor,
    work: (connection: PoolConnection, table: MysqlTable) => Promise<T>,
  ): Promise<T> {
    return this.withConnection(async (connection) => {
      const table = this.tables.get(asset.name) ?? (await findMysqlTable(connection, asset.name));
      if (table === undefined)
        throw new SourceError(
          `source ${this.name}: ${asset.name}: no such table or view, or not visible to the scanning user`,
        );
      try {
        return await work(connection, table);
      } catch (error) {
        throw mysqlAssetError(this.name, table, error, this.statementTimeoutMs);
      }
    });
  }

  private async *guarded(table: MysqlTable, rows: AsyncIterable<Row[]>): AsyncGenerator<Row[]> {
    try {
      yield* rows;
    } catch (error) {
      throw mysqlAssetError(this.name, table, error, this.statementTimeoutMs);
    }
  }
}
