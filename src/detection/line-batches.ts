import type { Readable } from 'node:stream';
import { type ValueBatch, batchFromLines } from './value-batch.js';

/** Read size: big enough that per-batch overheads vanish, small enough to stream. */
const CHUNK_BYTES = 1 << 20;

/**
 * Groups a text stream into batches of whole lines (the values `piimap detect` scans), numbering
 * lines from 1. A line never spans two batches; bytes are never decoded to strings here.
 */
export async function* lineBatches(
  input: Readable,
): AsyncGenerator<{ batch: ValueBatch; firstLine: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let nextLine = 1;
  for await (const chunk of input) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    pending = pending.length === 0 ? data : Buffer.concat([pending, data]);
    if (pending.length < CHUNK_BYTES) continue;
    const { batch, consumed } = batchFromLines(pending, false);
    if (batch.count > 0) {
      yield { batch, firstLine: nextLine };
      nextLine += batch.count;
    }
    pending = pending.subarray(consumed);
  }
  const { batch } = batchFromLines(pending, true);
  if (batch.count > 0) yield { batch, firstLine: nextLine };
}
