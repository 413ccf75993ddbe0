// The labelled estate across Postgres, MariaDB and SQLite: per type, precision >= 0.95 and
// recall >= 0.9 over the columns, with the hard negatives in place.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAccuracyEstate, formatScores, scoreExport } from '../../fixtures/accuracy/accuracy-estate.js';
import { runCli } from '../cli/run-cli.js';

test(
  'per-type precision >= 0.95 and recall >= 0.9 on the labelled estate',
  { timeout: 300_000 },
  async () => {
    const estate = await createAccuracyEstate();
    const dir = mkdtempSync(join(tmpdir(), 'piimap-accuracy-'));
    try {
      const config = join(dir, 'estate.json');
      writeFileSync(config, JSON.stringify(estate.config));
      const catalog = join(dir, 'catalog.db');
      const scan = await runCli(['scan', '--config', config, '--catalog', catalog]);
      assert.equal(scan.code, 0, scan.stderr);
      const exported = await runCli(['export', '--catalog', catalog]);
      const { fields } = JSON.parse(exported.stdout) as {
        fields: {
          id: string;
          source: string;
          classifications: { type: string }[];
          scan: { samplingMethod: string | null };
        }[];
      };
      // Every asset records how it was sampled: 300-row tables are read whole in every engine.
      assert.deepEqual([...new Set(fields.map((f) => `${f.source}:${f.scan.samplingMethod}`))].sort(), [
        'maria:full',
        'pgsrc:full',
        'shop:full',
      ]);
      const { columns, negatives, scores, mistakes } = scoreExport(fields, estate.labels);
      console.log(
        `${columns} columns, ${negatives} without PII\n${formatScores(scores)}\n${mistakes.join('\n')}`,
      );
      assert.ok(columns >= 60, `${columns} columns`);
      assert.ok(negatives >= 20, `${negatives} negatives`);
      for (const score of scores) {
        assert.ok(score.precision >= 0.95, `${score.type}: precision ${score.precision}`);
        assert.ok(score.recall >= 0.9, `${score.type}: recall ${score.recall}`);
      }
    } finally {
      await estate.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
