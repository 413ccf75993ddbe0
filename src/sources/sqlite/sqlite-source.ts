import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SourceError } from '../../shared/errors.js';
import type {
  AssetAccess,
  AssetDescriptor,
  FieldDescriptor,
  PlannedSample,
  TableSample,
  SampleOptions,
  SessionReport,
  SourceAdapter,
} from '../source-adapter.js';
import { sqliteAccess, sqliteSession } from './sqlite-check.js';
import { sqliteFingerprints } from './sqlite-fingerprint.js';
import { fieldScanMode } from './sqlite-types.js';
import { quoteSqliteIdentifier } from './sqlite-quote.js';
import { rowidBoundsSql, sampleRows, sqliteSampleMethod } from './sqlite-sample.js';

export interface SqliteSourceConfig {
  name: string;
  path: string;
  views?: boolean;
}

/** A SQLite file, opened read-only: the adapter cannot write to it whatever it runs. */
export class SqliteSource implements SourceAdapter {
  readonly kind = 'sqlite';
  readonly name: string;
  readonly location: string;
  private readonly db: Database.Database;
  private readonly views: boolean;
  /** The opened file's inode: a file later put in its place is not the one read. */
  private readonly inode: bigint;

  constructor(config: SqliteSourceConfig) {
    this.name = config.name;
    this.location = config.path;
    this.views = config.views === true;
    if (!existsSync(config.path))
      throw new SourceError(`source ${config.name}: ${config.path} does not exist`);
    try {
      this.db = new Database(config.path, { readonly: true, fileMustExist: true });
      this.db.pragma('query_only = ON');
      this.db.prepare('SELECT count(*) FROM sqlite_schema').get();
      this.inode = statSync(config.path, { bigint: true }).ino;
    } catch (error) {
      throw new SourceError(
        `source ${config.name}: cannot open ${config.path} as SQLite (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
  }

  async listAssets(): Promise<AssetDescriptor[]> {
    const kinds = this.views ? ['table', 'view'] : ['table'];
    const rows = this.db
      .prepare(
        `SELECT name, type FROM sqlite_schema
         WHERE type IN (${kinds.map(() => '?').join(', ')}) AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         ORDER BY name`,
      )
      .all(...kinds) as { name: string; type: 'table' | 'view' }[];
    return rows.map(({ name, type }) => ({ name, kind: type, ...this.rowEstimate(name, type) }));
  }

  async describe(asset: AssetDescriptor): Promise<FieldDescriptor[]> {
    const columns = this.db
      .prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid')
      .all(asset.name) as {
      name: string;
      type: string;
    }[];
    return columns.map(({ name, type }) => ({ name, dataType: type || 'ANY', ...fieldScanMode(name, type) }));
  }

  async sample(
    asset: AssetDescriptor,
    fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): Promise<TableSample> {
    return sampleRows(this.db, asset, fields, options);
  }

  async planSample(asset: AssetDescriptor, options: SampleOptions): Promise<PlannedSample> {
    return {
      method: sqliteSampleMethod(asset, options),
      ...(asset.rowEstimate !== undefined && { estimatedRows: asset.rowEstimate }),
    };
  }

  async checkAccess(assets: readonly AssetDescriptor[]): Promise<AssetAccess[]> {
    return assets.map((asset) => sqliteAccess(this.db, asset));
  }

  /** From the file's size, mtime and inode and the table's schema (sqlite-fingerprint.ts). */
  async fingerprints(assets: readonly AssetDescriptor[]): Promise<(string | null)[]> {
    return sqliteFingerprints(this.db, this.location, this.inode, assets);
  }

  async checkSession(): Promise<SessionReport> {
    return sqliteSession(this.db);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Rowid tables know their span cheaply (max - min rowid, rowidBoundsSql); SQLite keeps no row counts. */
  private rowEstimate(name: string, type: string): { rowEstimate?: number } {
    if (type !== 'table') return {};
    try {
      const { lo, hi } = this.db.prepare(rowidBoundsSql(quoteSqliteIdentifier(name))).get() as {
        lo: number | null;
        hi: number | null;
      };
      return { rowEstimate: lo === null || hi === null ? 0 : hi - lo + 1 };
    } catch {
      return {}; // WITHOUT ROWID table
    }
  }
}
