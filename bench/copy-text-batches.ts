/**
 * bench/copy-text-batches: CopyTextBatcher throughput on one core — COPY text output (as
 * `COPY (SELECT …) TO STDOUT` writes it) split into per-column value batches.
 *
 *   node --import tsx bench/copy-text-batches.ts [--mb 100] [--rounds 5] [--rows-per-batch 10000]
 *
 * Generates ~--mb MB of 8-column rows (id, email, phone, ssn, amount, timestamp, notes with an
 * occasional escaped tab, status; ~3% NULLs), feeds them in 64 KiB chunks and prints the median
 * MB/s of --rounds runs, next to a floor: one plain loop over the same bytes counting newlines.
 */
import { parseArgs } from 'node:util';
import { CopyTextBatcher } from '../src/sources/postgres/copy-text-batches.js';
import { mbPerSecond, median, timeMs } from './stats.js';

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '5' },
    'rows-per-batch': { type: 'string', default: '10000' },
  },
});
const CHUNK = 64 * 1024;
const COLUMNS = 8;
const rowsPerBatch = Number(args['rows-per-batch']);

let seed = 42;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');
const NAMES = ['jane', 'john', 'maria', 'wei', 'olu', 'anna', 'rajesh', 'lena'];
const DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net'];
const WORDS = ['order', 'shipped', 'called', 'customer', 'refund', 'requested', 'café', 'note', 'über'];
const STATUSES = ['active', 'pending', 'closed', 'suspended'];

function notes(): string {
  const words = Array.from({ length: 3 + Math.floor(random() * 10) }, () => pick(WORDS));
  if (random() < 0.1) words.splice(1, 0, '\\t'); // an escaped tab inside the text
  return words.join(' ');
}

function row(id: number): string {
  const fields = [
    String(id),
    `${pick(NAMES)}.${digits(4)}@${pick(DOMAINS)}`,
    `(${digits(3)}) 555-${digits(4)}`,
    `${digits(3)}-${digits(2)}-${digits(4)}`,
    `${Math.floor(random() * 100000)}.${digits(2)}`,
    `2024-${digits(1).replace(/^0/, '1')}-1${digits(1)} 1${digits(1)}:${digits(2)}:${digits(2)}.${digits(6)}+00`,
    notes(),
    pick(STATUSES),
  ];
  for (let i = 1; i < fields.length; i++) if (random() < 0.03) fields[i] = '\\N';
  return fields.join('\t') + '\n';
}

const target = Number(args.mb) * 1e6;
const parts: Buffer[] = [];
let rows = 0;
for (let size = 0; size < target;) {
  const block = Array.from({ length: 1000 }, () => row(++rows)).join('');
  const bytes = Buffer.from(block);
  parts.push(bytes);
  size += bytes.length;
}
const data = Buffer.concat(parts);
const chunks: Buffer[] = [];
for (let offset = 0; offset < data.length; offset += CHUNK)
  chunks.push(data.subarray(offset, offset + CHUNK));

function batchAll(): number {
  const batcher = new CopyTextBatcher(COLUMNS, rowsPerBatch);
  let values = 0;
  for (const chunk of chunks) {
    for (const batch of batcher.push(chunk)) values += batch.columns[1]?.batch.count ?? 0;
  }
  for (const batch of batcher.finish()) values += batch.columns[1]?.batch.count ?? 0;
  if (batcher.rowsRead !== rows) throw new Error(`read ${batcher.rowsRead} rows, wrote ${rows}`);
  return values;
}

function countNewlines(): number {
  let newlines = 0;
  for (const chunk of chunks) for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) newlines++;
  return newlines;
}

const rounds = Number(args.rounds);
const batcherMs: number[] = [];
const floorMs: number[] = [];
batchAll(); // warm-up
countNewlines();
for (let round = 0; round < rounds; round++) {
  batcherMs.push(timeMs(batchAll));
  floorMs.push(timeMs(countNewlines));
}
const batcherMb = mbPerSecond(data.length, median(batcherMs));
const floorMb = mbPerSecond(data.length, median(floorMs));
console.log(
  `${(data.length / 1e6).toFixed(1)} MB, ${rows} rows × ${COLUMNS} columns, ${CHUNK / 1024} KiB chunks, ` +
    `${rowsPerBatch} rows per batch, median of ${rounds}`,
);
console.log(`CopyTextBatcher   ${batcherMb.toFixed(0).padStart(6)} MB/s`);
console.log(`newline count     ${floorMb.toFixed(0).padStart(6)} MB/s  (floor: one byte loop, no output)`);
console.log(`ratio             ${(batcherMb / floorMb).toFixed(2)}`);
