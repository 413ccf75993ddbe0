/**
 * bench/detect-cli: `piimap detect` end to end on a 50 MB file — process start, reading, detection
 * and JSONL output (to /dev/null) included — next to just reading the same file line by line in
 * Node, in one run. Figures are medians of several runs.
 *
 *   npm run bench:detect [-- --mb 50 --runs 3]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, openSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBuiltinEngine } from '../src/detection/builtin-engine.js';
import { lineBatches } from '../src/detection/line-batches.js';
import { generateCorpus } from './corpus.js';
import { mbPerSecond, median } from './stats.js';

const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' } },
});
const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-'));
try {
  const file = join(dir, 'corpus.log');
  const { lines, piiLines } = generateCorpus(await loadBuiltinEngine(), Number(args.mb) * 1e6, 7);
  writeFileSync(file, lines.join('\n') + '\n');
  const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
  const bin = new URL('../bin/piimap.js', import.meta.url).pathname;

  const detect: number[] = [];
  const read: number[] = [];
  for (let run = 0; run < Number(args.runs); run++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, 'detect', file], {
      stdio: ['ignore', openSync('/dev/null', 'w'), 'inherit'],
    });
    if (result.status !== 0) throw new Error(`piimap detect exited ${result.status}`);
    detect.push(Number(process.hrtime.bigint() - start) / 1e6);

    const readStart = process.hrtime.bigint();
    let count = 0;
    for await (const { batch } of lineBatches(createReadStream(file, { highWaterMark: 1 << 20 })))
      count += batch.count;
    read.push(Number(process.hrtime.bigint() - readStart) / 1e6);
    if (count !== lines.length) throw new Error(`read ${count} lines, expected ${lines.length}`);
  }
  const detectMbs = mbPerSecond(bytes, median(detect));
  const readMbs = mbPerSecond(bytes, median(read));
  console.log(
    `file: ${(bytes / 1e6).toFixed(1)} MB, ${lines.length} lines, ${piiLines} with PII; ${args.runs} runs, medians`,
  );
  console.log(
    `piimap detect FILE > /dev/null (process start + JSONL included): ${detectMbs.toFixed(1)} MB/s (${(median(detect) / 1000).toFixed(2)} s)`,
  );
  console.log(`just reading the lines in Node: ${readMbs.toFixed(1)} MB/s`);
  console.log(`detect runs at ${((100 * detectMbs) / readMbs).toFixed(0)}% of the speed of reading`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
