import {
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type RowDataPacket,
  createPool,
} from 'mysql2/promise';
import { type MysqlDialect, type SessionLimits, mysqlDialect } from './mysql-dialect.js';

/**
 * A mysql2 pool whose connections are read-only and time-bounded before first use. mysql2 keeps
 * session state across release, so each physical connection is set up once; the server's dialect
 * is learned from the first one.
 */
export class MysqlSessionPool {
  private readonly pool: Pool;
  private readonly prepared = new WeakSet<object>();
  private dialectFound: Promise<MysqlDialect> | undefined;

  constructor(
    options: PoolOptions,
    private readonly limits: SessionLimits,
  ) {
    this.pool = createPool(options);
  }

  /** A prepared connection; the caller releases it, or destroys it if a result is still streaming. */
  async acquire(): Promise<PoolConnection> {
    const connection = await this.pool.getConnection();
    try {
      if (!this.prepared.has(connection.connection)) {
        const dialect = await this.detect(connection);
        for (const { sql, values } of dialect.sessionStatements(this.limits))
          await connection.query(sql, values);
        this.prepared.add(connection.connection);
      }
      return connection;
    } catch (error) {
      connection.destroy(); // half-prepared: never hand it out
      throw error;
    }
  }

  async dialect(): Promise<MysqlDialect> {
    const connection = await this.acquire();
    try {
      return await this.detect(connection); // known by now: acquiring learnt it
    } finally {
      connection.release();
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }

  private detect(connection: PoolConnection): Promise<MysqlDialect> {
    this.dialectFound ??= connection
      .query<RowDataPacket[]>('SELECT VERSION() AS version')
      .then(([rows]) => mysqlDialect(String(rows[0]?.version)));
    this.dialectFound.catch(() => (this.dialectFound = undefined)); // a failed probe is retried
    return this.dialectFound;
  }
}
