// A catalog from a newer piimap is refused and left byte-identical; an older one is backed up
// (0600, never overwriting an earlier backup) before it is migrated, and not migrated if the backup fails.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { CATALOG_SCHEMA_VERSION, SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { MIGRATIONS } from '../../src/catalog/migrations/index.js';
import { CatalogError, ConfigError } from '../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-catalog-versions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A catalog as piimap with schema v5 left it, in WAL mode, holding one scan's finding. */
function v5Catalog(path: string, rows = 1): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.version, '2026-01-01T00:00:00Z');
  }
  db.exec(`
    INSERT INTO scans (id, started_at, finished_at, status, piimap_version, host, user_name, options)
      VALUES (1, '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', 'completed', '0.0.5', 'h', 'u', '{}');
    INSERT INTO sources (id, name, kind, location) VALUES (1, 'shop', 'sqlite', '/shop.sqlite');
    INSERT INTO assets (id, source_id, name, kind) VALUES (1, 1, 'users', 'table');
    INSERT INTO asset_scans (scan_id, asset_id, status, sampling_method, rows_sampled, started_at, finished_at)
      VALUES (1, 1, 'committed', 'full', 10, '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z');`);
  const field = db.prepare('INSERT INTO fields (asset_id, name, data_type, position) VALUES (1, ?, ?, ?)');
  const finding = db.prepare(
    `INSERT INTO findings (scan_id, field_id, type, detector, matched, non_empty, prevalence, confidence, label, evidence)
     VALUES (1, ?, 'email', 'email', 10, 10, 1, 1, 'is', '{}')`,
  );
  for (let i = 0; i < rows; i++) {
    const { lastInsertRowid } = field.run(`email${i}`, 'TEXT', i);
    finding.run(lastInsertRowid);
  }
  db.close();
}

function content(path: string): { version: number; findings: unknown[] } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const { version } = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
      version: number;
    };
    const findings = db.prepare('SELECT field_id, type, scan_id FROM findings ORDER BY field_id').all();
    return { version, findings };
  } finally {
    db.close();
  }
}

test('a catalog from a newer piimap is refused, for reading and writing, and left byte-identical', () => {
  const path = join(dir, 'future.db');
  SqliteCatalogStore.open(path).close();
  const db = new Database(path);
  db.prepare("INSERT INTO schema_migrations VALUES (999, '2030-01-01T00:00:00Z')").run();
  db.close();
  const before = readFileSync(path);
  for (const readonly of [false, true]) {
    assert.throws(
      () => SqliteCatalogStore.open(path, { readonly }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          `catalog ${path}: written by a newer piimap (catalog schema v999, this piimap knows up to ` +
            `v${CATALOG_SCHEMA_VERSION}); upgrade piimap, or use another --catalog (the file was not changed)`,
    );
  }
  assert.deepEqual(readFileSync(path), before);
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.startsWith('future.db.')),
    [],
  );
});

test('an older catalog is backed up (0600) before it is migrated; the backup keeps the old schema and rows', () => {
  const path = join(dir, 'old.db');
  v5Catalog(path, 3);
  const old = content(path);
  const store = SqliteCatalogStore.open(path);
  const backup = `${path}.v5.bak`;
  try {
    assert.deepEqual(store.migratedFrom, { version: 5, to: CATALOG_SCHEMA_VERSION, backup });
    assert.deepEqual(
      store.db.prepare('SELECT field_id, type, scan_id FROM findings ORDER BY field_id').all(),
      old.findings,
    );
  } finally {
    store.close();
  }
  assert.equal(statSync(backup).mode & 0o777, 0o600);
  assert.deepEqual(content(backup), { version: 5, findings: old.findings });
  assert.equal(old.findings.length, 3);
  assert.equal(content(path).version, CATALOG_SCHEMA_VERSION);
  // Up to date now: opening again backs nothing up.
  const again = SqliteCatalogStore.open(path);
  assert.equal(again.migratedFrom, undefined);
  again.close();
});

test('a reading command migrates an older catalog too, backup included', () => {
  const path = join(dir, 'old-read.db');
  v5Catalog(path);
  const store = SqliteCatalogStore.open(path, { readonly: true });
  try {
    assert.equal(store.migratedFrom?.backup, `${path}.v5.bak`);
    assert.equal(store.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').pluck().get(), 6);
  } finally {
    store.close();
  }
  assert.equal(content(`${path}.v5.bak`).version, 5);
});

test('a second backup of the same version does not overwrite the first', () => {
  const path = join(dir, 'twice.db');
  v5Catalog(path, 1);
  SqliteCatalogStore.open(path).close();
  const first = readFileSync(`${path}.v5.bak`);
  v5Catalog(path, 2);
  const store = SqliteCatalogStore.open(path);
  const second = store.migratedFrom?.backup ?? '';
  store.close();
  assert.match(second, /twice\.db\.v5\.\d{4}-\d\d-\d\dT[\d-]+Z\.bak$/);
  assert.deepEqual(readFileSync(`${path}.v5.bak`), first);
  assert.equal(content(`${path}.v5.bak`).findings.length, 1);
  assert.equal(content(second).findings.length, 2);
  assert.equal(statSync(second).mode & 0o777, 0o600);
});

test('a backup that cannot be written stops the migration, naming the backup and the reason', () => {
  // A file name of 250 bytes: the catalog (in WAL mode, so with a -wal, never a -journal) can
  // exist, `<name>.v5.bak` cannot (ENAMETOOLONG). Built under a short name, then renamed.
  const path = join(dir, 'x'.repeat(250));
  v5Catalog(join(dir, 'long.db'));
  renameSync(join(dir, 'long.db'), path);
  assert.throws(
    () => SqliteCatalogStore.open(path),
    (error: unknown) =>
      error instanceof CatalogError &&
      error.message.startsWith(`catalog ${path}: cannot back it up to ${path}.v5.bak before upgrading`) &&
      /ENAMETOOLONG/.test(error.message),
  );
  assert.equal(content(path).version, 5);
  assert.equal(existsSync(`${path}.v5.bak`), false);
});
