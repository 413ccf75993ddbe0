/** Catalog schema version 3: people's reviews of findings, kept across rescans. */
export const reviews = `
-- One row per decision (history is kept; the latest per field, path and type applies). The
-- evidence columns record what the reviewer saw, so a later scan can tell whether it changed.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  field_id INTEGER NOT NULL REFERENCES fields (id),
  path TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'retyped')),
  new_type TEXT,
  reviewer TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  note TEXT,
  scan_id INTEGER REFERENCES scans (id),
  detector TEXT,
  prevalence REAL,
  confidence REAL
);

CREATE INDEX reviews_by_finding ON reviews (field_id, path, type, id);

-- The decision that applies to each reviewed finding: the latest.
CREATE VIEW current_reviews AS
SELECT r.*
FROM reviews r
WHERE r.id = (
  SELECT MAX(l.id) FROM reviews l WHERE l.field_id = r.field_id AND l.path = r.path AND l.type = r.type
);
`;
