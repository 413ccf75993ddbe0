/**
 * Catalog schema version 5: the one-writer lock (see scan-lock.ts). At most one row: the scan that
 * writes the catalog, where it runs and when it last said it was alive. Reviews and readers never
 * look at it.
 */
export const scanLock = `
CREATE TABLE scan_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  scan_id INTEGER, -- NULL until the holder's scans row exists
  token TEXT NOT NULL, -- the holder's own mark, so it never releases a lock taken over from it
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  user_name TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`;
