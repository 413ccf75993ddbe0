import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CatalogError, ConfigError } from '../shared/errors.js';
import type { AssetRecord, ScanRecord, SourceRecord } from './catalog-records.js';
import { MIGRATIONS } from './migrations/index.js';

export type ScanStatus = 'running' | 'completed' | 'completed-with-errors' | 'failed' | 'interrupted';

/**
 * The catalog file (SQLite, WAL). The one writer of scan results: each asset's results land in
 * one transaction, so a crash never leaves half an asset. Readers (lookup, export, the masking
 * layer's views) may read while a scan writes.
 */
export class SqliteCatalogStore {
  readonly path: string;
  readonly db: Database.Database;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
  }

  /** Opens (creating if needed) and migrates the catalog; fails before anything else happens. */
  static open(path: string, { readonly = false } = {}): SqliteCatalogStore {
    const file = resolve(path);
    const parent = dirname(file);
    if (!existsSync(parent) || !statSync(parent).isDirectory()) {
      throw new ConfigError(
        `catalog ${path}: folder ${parent} does not exist or is not a folder; create it or pick another --catalog`,
      );
    }
    if (readonly && !existsSync(file)) {
      throw new ConfigError(`catalog ${path}: no such file; run piimap scan first or pass --catalog`);
    }
    // A catalog written by an older piimap is brought up to date first, even for reading.
    if (readonly && SqliteCatalogStore.pendingMigrations(file)) SqliteCatalogStore.open(path).close();
    let db: Database.Database;
    try {
      db = new Database(file, { readonly, fileMustExist: readonly });
      db.pragma('busy_timeout = 5000');
      if (!readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      }
    } catch (error) {
      throw new ConfigError(`catalog ${path}: cannot open it (${(error as Error).message})`, {
        cause: error,
      });
    }
    const store = new SqliteCatalogStore(file, db);
    if (!readonly) store.migrate();
    return store;
  }

  /** Whether the catalog file lacks migrations this piimap has (unreadable files say no: open reports them). */
  private static pendingMigrations(file: string): boolean {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const applied = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
          version: number | null;
        };
        return (applied.version ?? 0) < Math.max(...MIGRATIONS.map((m) => m.version));
      } finally {
        db.close();
      }
    } catch {
      return false;
    }
  }

  /**
   * Records a person's decision on a finding of the field's latest scan, with the evidence they
   * saw; a short transaction, so it can run while a scan writes (busy timeout).
   */
  recordReview(review: {
    fieldId: number;
    path: string;
    type: string;
    decision: 'confirmed' | 'rejected' | 'retyped';
    newType?: string;
    reviewer: string;
    note?: string;
    scanId: number;
    detector: string | null;
    prevalence: number | null;
    confidence: number | null;
  }): void {
    this.write(`review of ${review.type}`, () => {
      this.db
        .prepare(
          `INSERT INTO reviews (field_id, path, type, decision, new_type, reviewer, reviewed_at, note, scan_id, detector, prevalence, confidence)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          review.fieldId,
          review.path,
          review.type,
          review.decision,
          review.newType ?? null,
          review.reviewer,
          now(),
          review.note ?? null,
          review.scanId,
          review.detector,
          review.prevalence,
          review.confidence,
        );
    });
  }

  /** The catalog's id of a field, by source, asset and field name. */
  fieldId(source: string, asset: string, field: string): number | undefined {
    const row = this.db
      .prepare(
        `SELECT f.id FROM fields f JOIN assets a ON a.id = f.asset_id JOIN sources s ON s.id = a.source_id
         WHERE s.name = ? AND a.name = ? AND f.name = ?`,
      )
      .get(source, asset, field) as { id: number } | undefined;
    return row?.id;
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, now());
      })();
    }
  }

  startScan(scan: ScanRecord): number {
    const result = this.db
      .prepare(
        `INSERT INTO scans (started_at, status, piimap_version, host, user_name, options)
         VALUES (?, 'running', ?, ?, ?, ?)`,
      )
      .run(now(), scan.piimapVersion, scan.host, scan.userName, JSON.stringify(scan.options));
    return Number(result.lastInsertRowid);
  }

  finishScan(scanId: number, status: ScanStatus): void {
    this.db.prepare('UPDATE scans SET finished_at = ?, status = ? WHERE id = ?').run(now(), status, scanId);
  }

  /** The source's id, creating it or refreshing its kind and (redacted) location. */
  source(source: SourceRecord): number {
    this.db
      .prepare(
        `INSERT INTO sources (name, kind, location) VALUES (@name, @kind, @location)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, location = excluded.location`,
      )
      .run(source);
    return (this.db.prepare('SELECT id FROM sources WHERE name = ?').get(source.name) as { id: number }).id;
  }

  /** Everything found in one asset, in one transaction. */
  recordAsset(scanId: number, sourceId: number, asset: AssetRecord): void {
    this.write(`asset ${asset.name}`, () => {
      const assetId = this.assetId(sourceId, asset.name, asset.kind);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO asset_scans
             (scan_id, asset_id, status, sampling_method, rows_sampled, row_estimate, started_at, finished_at, objects)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          scanId,
          assetId,
          asset.status,
          asset.samplingMethod,
          asset.rowsSampled,
          asset.rowEstimate ?? null,
          asset.startedAt,
          asset.finishedAt,
          asset.objects !== undefined ? JSON.stringify(asset.objects) : null,
        );
      const upsertField = this.db.prepare(
        `INSERT INTO fields (asset_id, name, data_type, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (asset_id, name) DO UPDATE SET data_type = excluded.data_type, position = excluded.position
         RETURNING id`,
      );
      const fieldScan = this.db.prepare(
        'INSERT OR REPLACE INTO field_scans (scan_id, field_id, values_seen, non_empty, skipped) VALUES (?, ?, ?, ?, ?)',
      );
      const clearFindings = this.db.prepare('DELETE FROM findings WHERE scan_id = ? AND field_id = ?');
      const finding = this.db.prepare(
        `INSERT INTO findings
           (scan_id, field_id, path, type, detector, matched, non_empty, prevalence, confidence, label, evidence, examples)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const field of asset.fields) {
        const { id: fieldId } = upsertField.get(assetId, field.name, field.dataType, field.position) as {
          id: number;
        };
        fieldScan.run(scanId, fieldId, field.valuesSeen, field.nonEmpty, field.skipped ?? null);
        clearFindings.run(scanId, fieldId);
        for (const f of field.findings) {
          finding.run(
            scanId,
            fieldId,
            f.path,
            f.type,
            f.detector,
            f.matched,
            f.nonEmpty,
            f.prevalence,
            f.confidence,
            f.label,
            JSON.stringify(f.evidence),
            f.examples ? JSON.stringify(f.examples) : null,
          );
        }
      }
    });
  }

  /** An asset that could not be scanned: the error is kept, earlier findings stay as they were. */
  recordAssetFailure(
    scanId: number,
    sourceId: number,
    name: string,
    kind: string,
    error: string,
    startedAt: string,
  ): void {
    this.write(`asset ${name}`, () => {
      const assetId = this.assetId(sourceId, name, kind);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO asset_scans (scan_id, asset_id, status, error, started_at, finished_at)
           VALUES (?, ?, 'failed', ?, ?, ?)`,
        )
        .run(scanId, assetId, error, startedAt, now());
    });
  }

  /** One transaction; a failing write (disk full, I/O error) becomes a CatalogError (exit 7). */
  private write(subject: string, work: () => void): void {
    try {
      this.db.transaction(work)();
    } catch (error) {
      throw new CatalogError(
        `catalog ${this.path}: cannot record ${subject} (${(error as Error).message}); what was committed before is kept`,
        {
          cause: error,
        },
      );
    }
  }

  close(): void {
    this.db.close();
  }

  private assetId(sourceId: number, name: string, kind: string): number {
    const row = this.db
      .prepare(
        `INSERT INTO assets (source_id, name, kind) VALUES (?, ?, ?)
         ON CONFLICT (source_id, name) DO UPDATE SET kind = excluded.kind RETURNING id`,
      )
      .get(sourceId, name, kind) as { id: number };
    return row.id;
  }
}

export function now(): string {
  return new Date().toISOString();
}
