/**
 * SQLite's own identifier quoting (double quotes, inner quotes doubled — the rule of SQLite's
 * `quote()`/`%w`); better-sqlite3 binds values but has no identifier escaper. Names are never
 * interpolated any other way.
 */
export function quoteSqliteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
