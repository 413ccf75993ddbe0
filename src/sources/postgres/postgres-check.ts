/**
 * What `piimap plan` and `piimap check` ask a PostgreSQL server, from the system catalogs and
 * settings only: no table's rows are read.
 */
import pg from 'pg';
import type { AssetAccess, SessionReport } from '../source-adapter.js';
import type { PostgresAsset } from './postgres-introspect.js';

/**
 * Per asset, whether the session's role may SELECT what a scan selects: USAGE on the schema, and
 * SELECT on the table or on every column the scan reads (bytea columns are skipped).
 */
export async function postgresAccess(
  client: pg.PoolClient,
  assets: readonly PostgresAsset[],
): Promise<AssetAccess[]> {
  const { rows } = await client.query<{
    oid: number;
    role: string;
    usage: boolean;
    table: boolean;
    columns: number;
    granted: number;
  }>(
    `SELECT c.oid::int AS oid, current_user AS role,
            has_schema_privilege(c.relnamespace, 'USAGE') AS usage,
            has_table_privilege(c.oid, 'SELECT') AS table,
            count(a.attnum)::int AS columns,
            count(a.attnum) FILTER (WHERE has_column_privilege(c.oid, a.attnum, 'SELECT'))::int AS granted
     FROM pg_class c
     LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                              AND a.atttypid <> 'bytea'::regtype
     WHERE c.oid = ANY($1::oid[])
     GROUP BY c.oid`,
    [assets.map((asset) => asset.oid)],
  );
  const byOid = new Map(rows.map((row) => [row.oid, row]));
  return assets.map((asset): AssetAccess => {
    const row = byOid.get(asset.oid);
    if (row === undefined)
      return { readable: false, detail: 'no longer exists; it was dropped since listing' };
    const role = pg.escapeIdentifier(row.role);
    const table = `${pg.escapeIdentifier(asset.schema)}.${pg.escapeIdentifier(asset.table)}`;
    if (!row.usage)
      return {
        readable: false,
        detail: `role ${row.role} may not use schema ${asset.schema}; GRANT USAGE ON SCHEMA ${pg.escapeIdentifier(asset.schema)} TO ${role}`,
      };
    if (row.table || row.granted === row.columns) return { readable: true };
    const some = row.granted > 0 ? ` (it may SELECT ${row.granted} of its ${row.columns} columns)` : '';
    return {
      readable: false,
      detail: `role ${row.role} may not SELECT from it${some}; GRANT SELECT ON ${table} TO ${role} to scan its values`,
    };
  });
}

/** The session as the server sees it: read-only, time-limited, which version, which role. */
export async function postgresSession(client: pg.PoolClient): Promise<SessionReport> {
  const { rows } = await client.query<{
    version: string;
    role: string;
    read_only: string;
    timeout_ms: number;
    superuser: boolean;
  }>(
    `SELECT current_setting('server_version') AS version, current_user AS role,
            current_setting('transaction_read_only') AS read_only,
            (SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout') AS timeout_ms,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
  );
  const row = rows[0] as (typeof rows)[number];
  return {
    server: `PostgreSQL ${row.version}`,
    user: row.role,
    readOnly: row.read_only === 'on',
    readOnlyBy: `transaction_read_only = ${row.read_only}`,
    statementTimeoutMs: row.timeout_ms,
    warnings: row.superuser
      ? [
          `role ${row.role} is a superuser, which may turn read-only off; scan as a role with SELECT only (GRANT pg_read_all_data, PostgreSQL 14+)`,
        ]
      : [],
  };
}
