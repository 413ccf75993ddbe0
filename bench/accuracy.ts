/**
 * bench/accuracy: scans the labelled estate (Postgres + MariaDB + the demo SQLite shop) and prints
 * per-type precision and recall over its columns, and every mistake.
 *
 *   npm run build && node --import tsx bench/accuracy.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccuracyEstate, formatScores, scoreExport } from '../fixtures/accuracy/accuracy-estate.js';

const bin = new URL('../bin/piimap.js', import.meta.url).pathname;
const estate = await createAccuracyEstate();
const dir = mkdtempSync(join(tmpdir(), 'piimap-accuracy-'));
try {
  const config = join(dir, 'estate.json');
  const catalog = join(dir, 'catalog.db');
  writeFileSync(config, JSON.stringify(estate.config));
  const scan = spawnSync(process.execPath, [bin, 'scan', '--config', config, '--catalog', catalog], {
    encoding: 'utf8',
  });
  if (scan.status !== 0) throw new Error(`scan exited ${scan.status}: ${scan.stderr}`);
  const exported = spawnSync(process.execPath, [bin, 'export', '--catalog', catalog], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const { fields } = JSON.parse(exported.stdout) as {
    fields: { id: string; classifications: { type: string }[] }[];
  };
  const { columns, negatives, scores, mistakes } = scoreExport(fields, estate.labels);
  console.log(`${columns} columns (${negatives} without PII) across Postgres, MariaDB and SQLite\n`);
  console.log(formatScores(scores));
  console.log(mistakes.length > 0 ? `\n${mistakes.join('\n')}` : '\nno mistakes');
} finally {
  await estate.drop();
  rmSync(dir, { recursive: true, force: true });
}
