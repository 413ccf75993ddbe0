/**
 * A deterministic mixed corpus for the benchmarks: mostly non-PII text shaped like what piimap
 * reads (log lines, JSON events, prose, product and CSV rows: timestamps, ids, UUIDs, prices,
 * versions) with ~5% of lines carrying one PII value of some type. The PII values are the
 * built-in detectors' own positive examples, so every type is represented and valid.
 */
import type { DetectorEngine } from '../src/detection/detector-engine.js';

const WORDS = (
  'the order was shipped to customer after payment review and the warehouse confirmed stock levels for ' +
  'next week while support closed ticket because refund policy applies only within thirty days of delivery ' +
  'please retry request later service unavailable timeout upstream cache miss session expired token refreshed'
).split(' ');
const SERVICES = ['checkout', 'auth', 'search', 'inventory', 'billing', 'gateway'];
const PRODUCTS = [
  'Galaxy S24 Ultra 512GB',
  'Nike Air Max 90',
  'ThinkPad X1 Carbon Gen 11',
  'Dyson V15 Detect',
  'Kindle Paperwhite 16GB',
];

export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(
  engine: DetectorEngine,
  targetBytes: number,
  seed = 42,
): { lines: string[]; piiLines: number } {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number) => Math.floor(random() * max);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const timestamp = () =>
    `2026-11-${String(1 + int(28)).padStart(2, '0')}T${String(int(24)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}.${String(int(1000)).padStart(3, '0')}Z`;
  const pii = engine.detectors.flatMap((d) =>
    d.definition.examples.positive.map((e) => (typeof e === 'string' ? e : e.value)),
  );
  const shapes = [
    () =>
      `${timestamp()} INFO  service=${pick(SERVICES)} request_id=${uuid()} latency_ms=${int(900)} status=${pick([200, 201, 304, 404, 500])} path=/api/v1/orders/${int(1e6)}`,
    () =>
      `{"ts":${1763884022 + int(1e5)},"level":"info","msg":"${words(4)}","sku":"SKU-${int(1e5)}","price":${int(500)}.${int(100)},"qty":${1 + int(5)},"session":"${hex(32)}"}`,
    () => `${words(8 + int(10))} (${int(100)} items, ${int(60)} minutes).`,
    () =>
      `${pick(PRODUCTS)} — $${int(2000)}.${String(int(100)).padStart(2, '0')} (v${int(5)}.${int(20)}.${int(10)}) rating ${int(5)}.${int(10)}/5`,
    () =>
      `${int(1e7)},${uuid()},2026-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')},${int(1e4)}.${int(100)},${pick(['EUR', 'USD', 'GBP'])},${words(3)}`,
  ];
  const lines: string[] = [];
  let bytes = 0;
  let piiLines = 0;
  while (bytes < targetBytes) {
    let line = pick(shapes)();
    if (random() < 0.05) {
      line = `${line} note="${pick(pii)}"`;
      piiLines++;
    }
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  return { lines, piiLines };
}
