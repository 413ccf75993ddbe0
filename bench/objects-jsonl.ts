/**
 * A big JSON Lines file for bench/objects, streamed to disk: a few chunk buffers of ~200-byte
 * records (`{"ts":…,"user":{"email":…,"phone":…},"msg":"…"}`) are built once and written in turn
 * until the file reaches its size, so generation runs at disk speed and memory stays at the chunks.
 */
import { open } from 'node:fs/promises';

const CHUNKS = 8;
const CHUNK_BYTES = 4 * 1024 * 1024;

interface Chunk {
  bytes: Buffer;
  records: number;
}

let chunks: Chunk[] | undefined;

function record(n: number): string {
  return `${JSON.stringify({
    ts: new Date(Date.UTC(2026, 10, 1) + n * 997).toISOString(),
    user: {
      email: `user${n}@${['gmail.com', 'yahoo.co.uk', 'corp-mail.io', 'web.de'][n % 4]}`,
      phone: `+1 (${201 + (n % 700)}) ${200 + ((n * 7) % 800)}-${String(n % 10_000).padStart(4, '0')}`,
    },
    msg: `order ${n} shipped in ${1 + (n % 9)} boxes from warehouse ${['east', 'west', 'north'][n % 3]}, no issues reported`,
  })}\n`;
}

/** CHUNKS buffers of whole records, each ~CHUNK_BYTES, numbered apart so they differ. */
function buildChunks(): Chunk[] {
  return Array.from({ length: CHUNKS }, (_, c) => {
    const lines: string[] = [];
    let size = 0;
    for (let n = c * 1_000_000; size < CHUNK_BYTES; n++) {
      const line = record(n);
      lines.push(line);
      size += line.length;
    }
    return { bytes: Buffer.from(lines.join('')), records: lines.length };
  });
}

/**
 * Writes at least `targetBytes` (whole chunks) to `path`; returns the size and the record count.
 * Stops when `signal` aborts.
 */
export async function writeJsonLinesFile(
  path: string,
  targetBytes: number,
  signal: AbortSignal,
): Promise<{ bytes: number; records: number }> {
  chunks ??= buildChunks();
  const file = await open(path, 'w');
  let bytes = 0;
  let records = 0;
  try {
    for (let c = 0; bytes < targetBytes; c = (c + 1) % chunks.length) {
      signal.throwIfAborted();
      const chunk = chunks[c] as Chunk;
      await file.write(chunk.bytes);
      bytes += chunk.bytes.length;
      records += chunk.records;
    }
  } finally {
    await file.close();
  }
  return { bytes, records };
}
