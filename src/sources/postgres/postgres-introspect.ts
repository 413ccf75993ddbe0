import type pg from 'pg';
import type { AssetDescriptor, FieldDescriptor } from '../source-adapter.js';

export interface PostgresAsset extends AssetDescriptor {
  schema: string;
  table: string;
  /** `r` table, `p` partitioned table, `v` view, `m` materialized view. */
  relkind: string;
  oid: number;
}

const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast'];

/**
 * Tables (and, if asked, views) from the system catalogs. Partitions and inheritance children
 * are not assets of their own: their parent is. Row estimates come from `reltuples` (a
 * partitioned parent's own once analyzed, else its partitions' sum; an inheritance parent's plus
 * its children's); never analyzed means unknown.
 */
export async function listPostgresAssets(
  client: pg.PoolClient,
  schemas: readonly string[] | undefined,
  views: boolean,
): Promise<PostgresAsset[]> {
  const kinds = views ? ['r', 'p', 'v', 'm'] : ['r', 'p'];
  const { rows } = await client.query<{
    oid: number;
    schema: string;
    table: string;
    relkind: string;
    estimate: string;
  }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS table, c.relkind::text AS relkind,
            (CASE
               WHEN c.relkind = 'p' AND c.reltuples >= 0 THEN c.reltuples
               WHEN c.relkind = 'p' THEN (SELECT sum(GREATEST(ch.reltuples, 0)) FROM pg_inherits i
                                          JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid)
               WHEN c.reltuples < 0 THEN NULL
               ELSE c.reltuples + COALESCE((SELECT sum(GREATEST(ch.reltuples, 0)) FROM pg_inherits i
                                            JOIN pg_class ch ON ch.oid = i.inhrelid WHERE i.inhparent = c.oid), 0)
             END)::bigint::text AS estimate
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = ANY($1)
       AND NOT c.relispartition
       AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
       AND n.nspname <> ALL($2) AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
       AND ($3::text[] IS NULL OR n.nspname = ANY($3))
     ORDER BY n.nspname, c.relname`,
    [kinds, SYSTEM_SCHEMAS, schemas && schemas.length > 0 ? schemas : null],
  );
  return rows.map((r) => ({
    name: `${r.schema}.${r.table}`,
    kind: r.relkind === 'v' || r.relkind === 'm' ? 'view' : 'table',
    schema: r.schema,
    table: r.table,
    relkind: r.relkind,
    oid: r.oid,
    ...(r.estimate !== null && { rowEstimate: Number(r.estimate) }),
  }));
}

/** Columns in order, with how each is scanned: bytea is skipped, json/jsonb walked by path. */
export async function describePostgresAsset(
  client: pg.PoolClient,
  asset: PostgresAsset,
): Promise<FieldDescriptor[]> {
  const { rows } = await client.query<{ name: string; type: string; base: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typname AS base
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [asset.oid],
  );
  return rows.map(({ name, type, base }) => ({ name, dataType: type, ...scanMode(base) }));
}

function scanMode(base: string): Pick<FieldDescriptor, 'scan' | 'skipReason'> {
  if (base === 'bytea') return { scan: 'skip', skipReason: 'binary (bytea) column' };
  if (base === 'json' || base === 'jsonb') return { scan: 'json' };
  return { scan: 'values' };
}
