import { closeSync, existsSync, fchmodSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CatalogError, ConfigError, errorMessage } from '../shared/errors.js';
import type { AssetRecord, ScanRecord, SourceRecord } from './catalog-records.js';
import { MIGRATIONS } from './migrations/index.js';

export type ScanStatus = 'running' | 'completed' | 'completed-with-errors' | 'failed' | 'interrupted';

/** The newest catalog schema this piimap knows. */
export const CATALOG_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** An older catalog this open brought up to date: its schema before, after, and its copy from before. */
export interface CatalogMigration {
  version: number;
  to: number;
  backup: string;
}

/**
 * The catalog file (SQLite, WAL). The one writer of scan results: each asset's results land in
 * one transaction, so a crash never leaves half an asset. Readers (lookup, export, the masking
 * layer's views) may read while a scan writes.
 */
export class SqliteCatalogStore {
  readonly path: string;
  readonly db: Database.Database;
  /** Set when opening migrated a catalog written by an older piimap (the CLI tells the user). */
  readonly migratedFrom: CatalogMigration | undefined;

  private constructor(path: string, db: Database.Database, migratedFrom: CatalogMigration | undefined) {
    this.path = path;
    this.db = db;
    this.migratedFrom = migratedFrom;
  }

  /**
   * Opens (creating if needed) and migrates the catalog, backing up an older one first; fails
   * before anything else happens. A catalog from a newer piimap is refused and left untouched.
   */
  static open(path: string, { readonly = false } = {}): SqliteCatalogStore {
    const file = resolve(path);
    const parent = dirname(file);
    if (!existsSync(parent) || !statSync(parent).isDirectory()) {
      throw new ConfigError(
        `catalog ${path}: folder ${parent} does not exist or is not a folder; create it or pick another --catalog`,
      );
    }
    const exists = existsSync(file);
    if (readonly && !exists) {
      throw new ConfigError(`catalog ${path}: no such file; run piimap scan first or pass --catalog`);
    }
    // Checked through a read-only connection, before a writable one could touch the file.
    const version = exists ? SqliteCatalogStore.appliedVersion(file) : undefined;
    if (version !== undefined && version > CATALOG_SCHEMA_VERSION) throw newerCatalog(path, version);
    // A catalog written by an older piimap is brought up to date (and backed up) first, even for reading.
    let migratedFrom: CatalogMigration | undefined;
    if (readonly && version !== undefined && version < CATALOG_SCHEMA_VERSION) {
      const writer = SqliteCatalogStore.open(path);
      migratedFrom = writer.migratedFrom;
      writer.close();
    }
    let db: Database.Database;
    try {
      if (!readonly && !exists) createOwnerOnlyFile(file);
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
    if (!readonly) {
      try {
        migratedFrom = migrate(db, file, path);
      } catch (error) {
        db.close();
        throw error;
      }
    }
    const maxPages = process.env[MAX_PAGES_VARIABLE];
    // Fault tests cap the catalog's size, as a full disk would (SQLITE_FULL on the next write).
    if (!readonly && maxPages !== undefined && /^\d+$/.test(maxPages))
      db.pragma(`max_page_count = ${maxPages}`);
    return new SqliteCatalogStore(file, db, migratedFrom);
  }

  /** The newest migration the catalog file records (undefined if unreadable: open reports it). */
  private static appliedVersion(file: string): number | undefined {
    try {
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const applied = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
          version: number | null;
        };
        return applied.version ?? 0;
      } finally {
        db.close();
      }
    } catch {
      return undefined;
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

  startScan(scan: ScanRecord): number {
    const result = this.db
      .prepare(
        `INSERT INTO scans (started_at, status, piimap_version, host, user_name, options, config_hash)
         VALUES (?, 'running', ?, ?, ?, ?, ?)`,
      )
      .run(
        now(),
        scan.piimapVersion,
        scan.host,
        scan.userName,
        JSON.stringify(scan.options),
        scan.configHash ?? null,
      );
    return Number(result.lastInsertRowid);
  }

  /**
   * An interrupted scan runs again under its own id (`--resume`): its committed assets stay, the
   * rest are scanned into it, so its findings are those of one scan. Who resumed it, and where, is
   * kept in its options' `resumes`.
   */
  resumeScan(scanId: number, resumedBy: ScanRecord): void {
    const resume = {
      at: now(),
      host: resumedBy.host,
      user: resumedBy.userName,
      piimapVersion: resumedBy.piimapVersion,
    };
    this.db
      .prepare(
        `UPDATE scans SET status = 'running', finished_at = NULL, stop_reason = NULL, resumed = resumed + 1,
           config_hash = ?,
           options = json_set(options, '$.resumes', json_insert(COALESCE(json_extract(options, '$.resumes'), json('[]')), '$[#]', json(?)))
         WHERE id = ?`,
      )
      .run(resumedBy.configHash ?? null, JSON.stringify(resume), scanId);
  }

  finishScan(scanId: number, status: ScanStatus, stopReason?: string): void {
    this.write(`the end of scan ${scanId}`, () => {
      this.db
        .prepare('UPDATE scans SET finished_at = ?, status = ?, stop_reason = ? WHERE id = ?')
        .run(now(), status, stopReason ?? null, scanId);
    });
  }

  /** A source's part in a scan (the audit trail): started, listed, and how it ended. */
  sourceStarted(scanId: number, source: string, kind: string): void {
    this.write(`source ${source}`, () => {
      this.db
        .prepare(
          `INSERT INTO scan_sources (scan_id, source, kind, status, started_at) VALUES (?, ?, ?, 'scanning', ?)
           ON CONFLICT (scan_id, source) DO UPDATE SET kind = excluded.kind, status = 'scanning',
             error = NULL, started_at = excluded.started_at, finished_at = NULL`,
        )
        .run(scanId, source, kind, now());
    });
  }

  sourceListed(scanId: number, source: string, assetsListed: number): void {
    this.write(`source ${source}`, () => {
      this.db
        .prepare('UPDATE scan_sources SET assets_listed = ? WHERE scan_id = ? AND source = ?')
        .run(assetsListed, scanId, source);
    });
  }

  sourceFinished(
    scanId: number,
    source: string,
    status: 'done' | 'failed' | 'deferred',
    error?: string,
  ): void {
    this.write(`source ${source}`, () => {
      this.db
        .prepare(
          'UPDATE scan_sources SET status = ?, error = ?, finished_at = ? WHERE scan_id = ? AND source = ?',
        )
        .run(status, error ?? null, now(), scanId, source);
    });
  }

  /** The source's id, creating it or refreshing its kind and (redacted) location. */
  source(source: SourceRecord): number {
    this.write(`source ${source.name}`, () => {
      this.db
        .prepare(
          `INSERT INTO sources (name, kind, location) VALUES (@name, @kind, @location)
           ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, location = excluded.location`,
        )
        .run(source);
    });
    return (this.db.prepare('SELECT id FROM sources WHERE name = ?').get(source.name) as { id: number }).id;
  }

  /** Everything found in one asset, in one transaction. */
  recordAsset(scanId: number, sourceId: number, asset: AssetRecord): void {
    this.write(`asset ${asset.name}`, () => {
      const assetId = this.assetId(sourceId, asset.name, asset.kind);
      this.db
        .prepare(
          `INSERT OR REPLACE INTO asset_scans
             (scan_id, asset_id, status, sampling_method, rows_sampled, row_estimate, started_at, finished_at, objects,
              fingerprint, settings_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          asset.fingerprint ?? null,
          asset.settingsHash ?? null,
        );
      const upsertField = this.db.prepare(
        `INSERT INTO fields (asset_id, name, data_type, position) VALUES (?, ?, ?, ?)
         ON CONFLICT (asset_id, name) DO UPDATE SET data_type = excluded.data_type, position = excluded.position
         RETURNING id`,
      );
      const fieldScan = this.db.prepare(
        'INSERT OR REPLACE INTO field_scans (scan_id, field_id, values_seen, non_empty, skipped) VALUES (?, ?, ?, ?, ?)',
      );
      // A second record of the asset for this scan (a retried job, a resume) replaces the first
      // whole, including fields the first had and this one has not.
      this.db
        .prepare(
          'DELETE FROM findings WHERE scan_id = ? AND field_id IN (SELECT id FROM fields WHERE asset_id = ?)',
        )
        .run(scanId, assetId);
      this.db
        .prepare(
          'DELETE FROM field_scans WHERE scan_id = ? AND field_id IN (SELECT id FROM fields WHERE asset_id = ?)',
        )
        .run(scanId, assetId);
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

  /**
   * An asset this scan did not read: `unchanged` since its last scan (incremental; the findings of
   * that scan stay current) or left for the next run by the `time-budget`.
   */
  recordAssetSkipped(
    scanId: number,
    sourceId: number,
    name: string,
    kind: string,
    reason: 'unchanged' | 'time-budget',
  ): void {
    this.write(`asset ${name}`, () => {
      const assetId = this.assetId(sourceId, name, kind);
      const at = now();
      this.db
        .prepare(
          `INSERT OR REPLACE INTO asset_scans (scan_id, asset_id, status, skip_reason, started_at, finished_at)
           VALUES (?, ?, 'skipped', ?, ?, ?)`,
        )
        .run(scanId, assetId, reason, at, at);
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

/** For tests: caps the catalog's pages (SQLite `max_page_count`) to simulate a full disk. */
export const MAX_PAGES_VARIABLE = 'PIIMAP_TEST_CATALOG_MAX_PAGES';

export function now(): string {
  return new Date().toISOString();
}

/**
 * Creates the empty catalog file readable and writable by its owner only, whatever the umask: the
 * catalog says where all personal data lives. SQLite creates the `-wal` and `-shm` files beside it
 * with the database file's permissions, so they are 0600 too. (An empty file is an empty SQLite
 * database.) An existing catalog keeps its mode, without a warning: whoever opened it to a group —
 * a masking layer reading the views under another account — chose that. EEXIST means another piimap
 * created it a moment ago: fine.
 */
function createOwnerOnlyFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    fchmodSync(fd, 0o600); // open's mode went through the umask; this one does not
  } finally {
    closeSync(fd);
  }
}

function newerCatalog(path: string, version: number): ConfigError {
  return new ConfigError(
    `catalog ${path}: written by a newer piimap (catalog schema v${version}, this piimap knows up to ` +
      `v${CATALOG_SCHEMA_VERSION}); upgrade piimap, or use another --catalog (the file was not changed)`,
  );
}

/** Applies the migrations the catalog lacks, backing it up first unless it is new. */
function migrate(db: Database.Database, file: string, path: string): CatalogMigration | undefined {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const version = Math.max(0, ...applied);
  // open() checked already; this covers a newer piimap migrating the file in between.
  if (version > CATALOG_SCHEMA_VERSION) throw newerCatalog(path, version);
  const pending = MIGRATIONS.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return undefined;
  const backup = applied.size > 0 ? backUp(db, file, path, version) : undefined;
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of pending) {
    // IMMEDIATE, and checked again inside: another piimap opening the file at once applies it only once.
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, now());
    }).immediate();
  }
  return backup === undefined ? undefined : { version, to: CATALOG_SCHEMA_VERSION, backup };
}

/**
 * Copies the catalog to `<catalog>.v<version>.bak` (a name with the time in it if that exists: an
 * older backup is never overwritten) before a migration changes it. VACUUM INTO rather than
 * better-sqlite3's backup API: it is synchronous, as open() is (the backup API returns a promise
 * and copies page by page, starting over when another connection writes); it copies one consistent
 * snapshot, WAL content included; and it accepts an empty file as its target, so the copy goes into
 * a file created 0600 beforehand and is never readable by others, not even for a moment (the catalog
 * says where personal data lives). A backup that fails stops the migration: nothing is changed.
 */
function backUp(db: Database.Database, file: string, path: string, version: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let target = `${file}.v${version}.bak`;
  let created = false;
  try {
    for (let attempt = 1; !created; attempt++) {
      try {
        const fd = openSync(target, 'wx', 0o600);
        created = true;
        try {
          fchmodSync(fd, 0o600); // whatever the umask
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
        target = `${file}.v${version}.${stamp}${attempt > 1 ? `-${attempt}` : ''}.bak`;
      }
    }
    db.prepare('VACUUM INTO ?').run(target);
    return target;
  } catch (error) {
    if (created) rmSync(target, { force: true });
    throw new CatalogError(
      `catalog ${path}: cannot back it up to ${target} before upgrading it from schema v${version} to ` +
        `v${CATALOG_SCHEMA_VERSION} (${errorMessage(error)}); the catalog was not changed — free space or ` +
        `make its folder writable, then run piimap again`,
      { cause: error },
    );
  }
}
