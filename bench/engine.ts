/**
 * bench/engine: detection throughput on one core, RE2 engine vs the best plain-V8 version of the
 * same work, measured side by side in one run on a generated mixed corpus (~5% PII lines).
 *
 *   npm run bench:engine [-- --mb 64 --rounds 5]
 *
 * Both start from the same input — batches of 10,000 values as JS strings, the way database
 * drivers hand them over — and produce the same findings (checked). Figures are medians.
 */
import { parseArgs } from 'node:util';
import { loadBuiltinEngine } from '../src/detection/builtin-engine.js';
import { type Finding, runDetectors } from '../src/detection/run-detectors.js';
import { type ValueBatch, batchFromStrings, utf16Offset } from '../src/detection/value-batch.js';
import { generateCorpus } from './corpus.js';
import { mbPerSecond, median, timeMs } from './stats.js';
import { V8Engine, type V8Finding } from './v8-engine.js';

const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '64' }, rounds: { type: 'string', default: '5' } },
});
const BATCH_VALUES = 10_000;

const engine = await loadBuiltinEngine();
const plan = engine.fieldPlan();
const { lines, piiLines } = generateCorpus(engine, Number(args.mb) * 1e6);
const batches: string[][] = [];
for (let i = 0; i < lines.length; i += BATCH_VALUES) batches.push(lines.slice(i, i + BATCH_VALUES));
const totalBytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
const v8 = new V8Engine(engine, plan);

function joinForV8(values: string[]) {
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const value of values) {
    starts.push(offset);
    offset += value.length;
    ends.push(offset);
    offset += 1;
  }
  return { text: values.join('\n'), starts, ends };
}

// Correctness first: both versions must find the same things.
const key = (value: number, detector: number, start: number, end: number) =>
  `${value}:${detector}:${start}-${end}`;
let compared = 0;
const counts = new Map<string, number>();
for (const values of batches) {
  const batch = batchFromStrings(values);
  const re2 = runDetectors(engine, batch, plan).map((f: Finding) =>
    key(f.value, f.detector, utf16Offset(batch, f.value, f.start), utf16Offset(batch, f.value, f.end)),
  );
  const { text, starts, ends } = joinForV8(values);
  const fromV8 = v8.run(text, starts, ends).map((f: V8Finding) => key(f.value, f.detector, f.start, f.end));
  if (re2.join() !== fromV8.join()) {
    const onlyRe2 = re2.filter((k) => !fromV8.includes(k));
    const onlyV8 = fromV8.filter((k) => !re2.includes(k));
    throw new Error(
      `RE2 and V8 disagree: only RE2 ${onlyRe2.slice(0, 5).join(' ')}; only V8 ${onlyV8.slice(0, 5).join(' ')}`,
    );
  }
  compared += re2.length;
  for (const k of re2) {
    const type = engine.detectors[Number(k.split(':')[1])]?.type ?? '?';
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
}

const prebuilt: ValueBatch[] = batches.map(batchFromStrings);
const timings = { re2: [] as number[], re2EngineOnly: [] as number[], v8: [] as number[] };
for (let round = 0; round < Number(args.rounds); round++) {
  timings.re2.push(
    timeMs(() => batches.forEach((values) => runDetectors(engine, batchFromStrings(values), plan))),
  );
  timings.re2EngineOnly.push(timeMs(() => prebuilt.forEach((batch) => runDetectors(engine, batch, plan))));
  timings.v8.push(
    timeMs(() =>
      batches.forEach((values) => {
        const { text, starts, ends } = joinForV8(values);
        v8.run(text, starts, ends);
      }),
    ),
  );
}

const re2 = mbPerSecond(totalBytes, median(timings.re2));
const re2Only = mbPerSecond(totalBytes, median(timings.re2EngineOnly));
const fromV8 = mbPerSecond(totalBytes, median(timings.v8));
console.log(
  `corpus: ${(totalBytes / 1e6).toFixed(1)} MB, ${lines.length} values in batches of ${BATCH_VALUES}, ${piiLines} PII lines (${((100 * piiLines) / lines.length).toFixed(1)}%)`,
);
console.log(
  `findings (identical in both): ${compared} — ${[...counts]
    .sort()
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')}`,
);
console.log(
  `detectors: ${engine.detectors.length}, patterns: ${engine.patterns.length}; rounds: ${args.rounds}, medians on one core`,
);
console.log(`RE2 engine (strings → UTF-8 batch → findings): ${re2.toFixed(1)} MB/s`);
console.log(`RE2 engine (batch already UTF-8, as in detect): ${re2Only.toFixed(1)} MB/s`);
console.log(`V8 RegExp version (strings → joined string → findings): ${fromV8.toFixed(1)} MB/s`);
console.log(`ratio RE2 / V8: ${(re2 / fromV8).toFixed(2)}x`);
