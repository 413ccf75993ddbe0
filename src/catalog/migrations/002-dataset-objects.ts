/** Catalog schema version 2: files and S3 datasets record the objects behind them. */
export const datasetObjects = `
-- JSON (ObjectsRecord): object count and size, the sampled keys (masked where they hold PII),
-- skipped objects with the reason, formats read. NULL for tables.
ALTER TABLE asset_scans ADD COLUMN objects TEXT;
`;
