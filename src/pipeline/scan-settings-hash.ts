/**
 * Hashes of what decides a scan's results. An incremental scan reuses an asset's findings only if
 * the asset is unchanged AND it would be scanned the same way (same piimap, detectors, sampling,
 * suppressions, source selection); `--resume` continues a scan only under the config it started
 * with. Credentials never enter a hash: URLs are redacted first, so a rotated password is no
 * change, while another host or database is.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { EstateConfig, SourceConfig } from '../config/estate-config.js';
import type { DetectionOptions } from '../detection/detection-options.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import { redactUrl } from '../shared/redact.js';

/** Source keys that change how a source is read (pace, limits, connection security), not what is found. */
const RUN_CONTROL_KEYS = new Set([
  'maxConnections',
  'statementTimeoutMs',
  'maxRowsPerSecond',
  'incremental',
  'tls',
]);

/** Estate-wide settings that change what a scan finds. */
export interface ResultSettings {
  piimapVersion: string;
  baseDir: string;
  sampleSize: number;
  maxValueBytes: number;
  full: boolean;
  seed?: number;
  keepExamples: boolean;
  detectors: readonly LoadedDetector[];
  detection: Partial<DetectionOptions>;
  allow: NonNullable<EstateConfig['allow']>;
}

/** One source's settings hash: compared per asset by incremental scans. */
export function sourceSettingsHash(source: SourceConfig, settings: ResultSettings): string {
  return sha256(
    canonicalJson({
      piimap: settings.piimapVersion,
      source: resultKeys(source, settings.baseDir),
      sampleSize: settings.sampleSize,
      maxValueBytes: settings.maxValueBytes,
      full: settings.full,
      seed: settings.seed ?? null,
      examples: settings.keepExamples,
      // Definitions, not ids: an edited custom detector is a change.
      detectors: settings.detectors.map((d) => d.definition),
      regions: settings.detection.defaultRegions ?? null,
      allow: settings.allow,
    }),
  );
}

export interface EstateSettingsHashes {
  /** The whole estate's hash, recorded with each scan: `--resume` refuses another. */
  config: string;
  /** Each source's settings hash, by source name: compared per asset by incremental scans. */
  bySource: ReadonlyMap<string, string>;
}

/** The estate's hash and its sources' (each source's hashed once: the detector definitions are most of it). */
export function estateSettingsHashes(
  sources: readonly SourceConfig[],
  settings: ResultSettings,
): EstateSettingsHashes {
  const bySource = new Map(sources.map((source) => [source.name, sourceSettingsHash(source, settings)]));
  return { config: sha256(canonicalJson([...bySource])), bySource };
}

function resultKeys(source: SourceConfig, baseDir: string): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (RUN_CONTROL_KEYS.has(key)) continue;
    if (key === 'url' && typeof value === 'string') kept[key] = redactUrl(value);
    else if (key === 'path' && typeof value === 'string') kept[key] = resolve(baseDir, value);
    else kept[key] = value;
  }
  return kept;
}

/** JSON with object keys sorted at every level, so key order in a config file is no change. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
