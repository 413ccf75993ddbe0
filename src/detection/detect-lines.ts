import type { Readable } from 'node:stream';
import type { Finding } from './check-candidate.js';
import { lineBatches } from './line-batches.js';
import type { ValueBatch } from './value-batch.js';

/** Runs detection on one batch, here or on a worker thread. */
export type BatchDetector = (batch: ValueBatch) => Promise<Finding[]>;

export interface LineBatchResult {
  batch: ValueBatch;
  firstLine: number;
  findings: Finding[];
}

/**
 * Streams a text input's lines through `detect`, keeping up to `inFlight` batches under way (so
 * workers stay busy while results are written) and handing results on in input order.
 */
export async function detectLines(
  input: Readable,
  detect: BatchDetector,
  inFlight: number,
  onResult: (result: LineBatchResult) => Promise<void>,
): Promise<void> {
  const pending: Promise<LineBatchResult>[] = [];
  try {
    for await (const { batch, firstLine } of lineBatches(input)) {
      pending.push(detect(batch).then((findings) => ({ batch, firstLine, findings })));
      if (pending.length >= inFlight) await onResult(await (pending.shift() as Promise<LineBatchResult>));
    }
    while (pending.length > 0) await onResult(await (pending.shift() as Promise<LineBatchResult>));
  } finally {
    // Nothing may reject unobserved if reading or writing failed half-way.
    await Promise.allSettled(pending);
  }
}
