/**
 * Catalog schema version 6: incremental scans, resume and the audit trail.
 * - scans: the hash of what decides a scan's results (sources, sampling, detectors; credentials
 *   left out), why it stopped early (`time-budget`, `SIGINT`, `SIGTERM`), and how often it was
 *   resumed (a resumed scan keeps its id, so its findings are those of one scan).
 * - asset_scans: what the asset looked like when scanned (`fingerprint`, NULL where the source
 *   cannot tell), the hash of the settings it was scanned with, and for status `skipped` why:
 *   `unchanged` (incremental; its findings stay those of its last scan) or `time-budget` (left for
 *   the next run).
 * - scan_sources: per scan and source, how it went (`scanning`, `done`, `failed`, or `deferred`:
 *   not reached before the time budget ran out), how many assets the listing found, and the
 *   source's own error (a source that could not be opened or listed has no asset rows to carry it).
 */
export const incrementalAudit = `
ALTER TABLE scans ADD COLUMN config_hash TEXT;
ALTER TABLE scans ADD COLUMN stop_reason TEXT;
ALTER TABLE scans ADD COLUMN resumed INTEGER NOT NULL DEFAULT 0;

ALTER TABLE asset_scans ADD COLUMN fingerprint TEXT;
ALTER TABLE asset_scans ADD COLUMN settings_hash TEXT;
ALTER TABLE asset_scans ADD COLUMN skip_reason TEXT;

CREATE TABLE scan_sources (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scanning', 'done', 'failed', 'deferred')),
  assets_listed INTEGER,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  PRIMARY KEY (scan_id, source)
);
`;
