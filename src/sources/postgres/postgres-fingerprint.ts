/**
 * Fingerprints of listed PostgreSQL assets for incremental scans, from the catalogs and the
 * statistics system only: no table's rows are read.
 */
import { hash } from 'node:crypto';
import type pg from 'pg';
import type { PostgresAsset } from './postgres-introspect.js';

/**
 * Per asset and all its partitions/inheritance children (the members): the sums of
 * `n_tup_ins/upd/del` (DML only; our own reads move the scan counters, never these) and of
 * `pg_relation_size`, every member's oid and relfilenode (TRUNCATE, VACUUM FULL, CLUSTER, a
 * rewriting ALTER and REFRESH MATERIALIZED VIEW give a new one; attaching or detaching a member
 * changes the set), and the asset's own columns. Counters only grow, so any write moves a sum.
 *
 * The statistics epoch is part of every fingerprint: a reset (`pg_stat_reset*`) sets the
 * database's `stats_reset`, and lost statistics (crash, immediate shutdown) set the shared
 * `pg_stat_bgwriter.stats_reset`; either way counters restart at 0 and could climb back to a
 * stored value over different rows.
 *
 * A backend publishes its counters when it goes idle between statements, at most once a second
 * (PostgreSQL 15; a session kept busy, later): until then a write shows only if it changed a size,
 * and is otherwise seen one scan later. Nothing is missed for good.
 */
const FINGERPRINT_SQL = `
WITH RECURSIVE members (root, member) AS (
  SELECT root, root FROM unnest($1::oid[]) AS root
  UNION
  SELECT m.root, i.inhrelid FROM members m JOIN pg_inherits i ON i.inhparent = m.member
),
locked AS (
  SELECT DISTINCT relation FROM pg_locks
  WHERE locktype = 'relation' AND mode = 'AccessExclusiveLock'
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
),
totals AS (
  SELECT m.root,
         bool_or(c.oid IS NULL OR s.n_tup_ins IS NULL OR s.n_tup_upd IS NULL OR s.n_tup_del IS NULL
                 OR l.relation IS NOT NULL) AS unknown,
         array_agg(m.member::bigint::text || ':' || c.relfilenode::bigint::text ORDER BY m.member) AS files,
         sum(s.n_tup_ins)::text AS inserted,
         sum(s.n_tup_upd)::text AS updated,
         sum(s.n_tup_del)::text AS deleted,
         -- pg_relation_size waits for ACCESS SHARE: a relation being altered (or queued to be) is
         -- skipped and its asset counts as changed, rather than the whole query timing out.
         sum(CASE WHEN l.relation IS NULL THEN pg_relation_size(c.oid) END)::text AS bytes
  FROM members m
  LEFT JOIN pg_class c ON c.oid = m.member
  LEFT JOIN pg_stat_user_tables s ON s.relid = m.member
  LEFT JOIN locked l ON l.relation = m.member
  GROUP BY m.root
),
columns AS (
  SELECT a.attrelid AS root,
         array_agg(a.attname::text ORDER BY a.attnum) AS names,
         array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types
  FROM pg_attribute a
  WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
  GROUP BY a.attrelid
)
SELECT t.root::int AS oid, t.unknown, t.files, t.inserted, t.updated, t.deleted, t.bytes,
       COALESCE(col.names, '{}') AS names, COALESCE(col.types, '{}') AS types,
       current_setting('track_counts')::bool AS counting,
       pg_is_in_recovery() AS replica,
       (SELECT stats_reset FROM pg_stat_database WHERE datname = current_database())::text AS db_reset,
       (SELECT stats_reset FROM pg_stat_bgwriter)::text AS shared_reset
FROM totals t LEFT JOIN columns col ON col.root = t.root`;

interface FingerprintRow {
  oid: number;
  unknown: boolean;
  files: string[];
  inserted: string | null;
  updated: string | null;
  deleted: string | null;
  bytes: string | null;
  names: string[];
  types: string[];
  counting: boolean;
  replica: boolean;
  db_reset: string | null;
  shared_reset: string | null;
}

/**
 * One query for all assets, results in the assets' order. null where the server cannot tell:
 * views (no storage of their own), assets dropped since listing, a member whose statistics are
 * missing or that is locked for rewriting, `track_counts` off (counters never move), and a standby
 * (replayed writes are not counted there, and an in-place update keeps the size).
 * Materialized views are fingerprinted like tables: REFRESH gives a new relfilenode, and
 * REFRESH … CONCURRENTLY writes through DML, which the counters see.
 */
export async function postgresFingerprints(
  client: pg.PoolClient,
  assets: readonly PostgresAsset[],
): Promise<(string | null)[]> {
  const stored = assets.filter((asset) => asset.relkind !== 'v');
  if (stored.length === 0) return assets.map(() => null);
  const { rows } = await client.query<FingerprintRow>(FINGERPRINT_SQL, [stored.map((asset) => asset.oid)]);
  const byOid = new Map(rows.map((row) => [row.oid, row]));
  return assets.map((asset) => {
    const row = asset.relkind === 'v' ? undefined : byOid.get(asset.oid);
    if (row === undefined || row.unknown || !row.counting || row.replica) return null;
    return hash(
      'sha256',
      JSON.stringify([
        'postgres/1',
        row.db_reset,
        row.shared_reset,
        row.files,
        row.inserted,
        row.updated,
        row.deleted,
        row.bytes,
        row.names,
        row.types,
      ]),
    );
  });
}
