/** Catalog schema version 1 (see catalog-store.ts for how migrations apply). */
export const initialSchema = `
-- piimap catalog, version 1. No raw values and no credentials are ever stored here: counts,
-- ratios, detector ids, redacted locations and (optionally) a few masked examples.

CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'completed-with-errors', 'failed', 'interrupted')),
  piimap_version TEXT NOT NULL,
  host TEXT NOT NULL,
  user_name TEXT NOT NULL,
  options TEXT NOT NULL -- JSON, credentials redacted
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  location TEXT NOT NULL -- URL with the password removed, or a path
);

CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  UNIQUE (source_id, name)
);

CREATE TABLE fields (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets (id),
  name TEXT NOT NULL,
  data_type TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE (asset_id, name)
);

-- One row per asset and scan: how it was sampled, or why it failed or was skipped.
CREATE TABLE asset_scans (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  asset_id INTEGER NOT NULL REFERENCES assets (id),
  status TEXT NOT NULL CHECK (status IN ('committed', 'metadata-only', 'failed', 'skipped')),
  sampling_method TEXT,
  rows_sampled INTEGER NOT NULL DEFAULT 0,
  row_estimate INTEGER,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  PRIMARY KEY (scan_id, asset_id)
);

-- Per field and scan: how much was looked at, or why the field was skipped.
CREATE TABLE field_scans (
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  field_id INTEGER NOT NULL REFERENCES fields (id),
  values_seen INTEGER NOT NULL,
  non_empty INTEGER NOT NULL,
  skipped TEXT,
  PRIMARY KEY (scan_id, field_id)
);

-- What a scan found in a field (or in one JSON path of it, \`path\` non-empty).
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL REFERENCES scans (id),
  field_id INTEGER NOT NULL REFERENCES fields (id),
  path TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  detector TEXT NOT NULL,
  matched INTEGER NOT NULL,
  non_empty INTEGER NOT NULL,
  prevalence REAL NOT NULL,
  confidence REAL NOT NULL,
  label TEXT NOT NULL CHECK (label IN ('is', 'contains')),
  evidence TEXT NOT NULL, -- JSON: the reasons behind the confidence
  examples TEXT, -- JSON array of masked examples, or NULL
  UNIQUE (scan_id, field_id, path, detector)
);

CREATE INDEX findings_by_field ON findings (field_id, scan_id);

-- The latest scan of each asset that looked at its values (or its metadata only).
CREATE VIEW latest_asset_scans AS
SELECT s.*
FROM asset_scans s
WHERE s.status IN ('committed', 'metadata-only')
  AND s.scan_id = (
    SELECT MAX(l.scan_id) FROM asset_scans l
    WHERE l.asset_id = s.asset_id AND l.status IN ('committed', 'metadata-only')
  );

-- The contract for masking and access layers: every field's current findings, one row per
-- field, path and detector, from its asset's latest committed scan.
CREATE VIEW current_findings AS
SELECT
  src.name AS source,
  a.name AS asset,
  f.name AS field,
  src.name || '.' || a.name || '.' || f.name AS field_id,
  fi.path,
  fi.type,
  fi.detector,
  fi.confidence,
  fi.prevalence,
  fi.label,
  fi.matched,
  fi.non_empty,
  las.sampling_method,
  las.scan_id,
  las.finished_at AS scanned_at
FROM findings fi
JOIN fields f ON f.id = fi.field_id
JOIN assets a ON a.id = f.asset_id
JOIN sources src ON src.id = a.source_id
JOIN latest_asset_scans las ON las.asset_id = a.id AND las.scan_id = fi.scan_id;
`;
