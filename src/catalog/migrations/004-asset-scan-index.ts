/**
 * Catalog schema version 4: `latest_asset_scans` looks up each asset's scans; without an index on
 * the asset, a catalog of 100,000 fields took 3.3 s to list its current fields (0.33 s with it).
 */
export const assetScanIndex = `
CREATE INDEX asset_scans_by_asset ON asset_scans (asset_id, scan_id);
`;
