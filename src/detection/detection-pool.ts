import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Finding } from './check-candidate.js';
import type { DetectTask, DetectTaskBatch, DetectTaskResult, DetectWorkerSetup } from './detect-worker.js';
import { decodeFindings } from './finding-codec.js';
import type { ValueBatch } from './value-batch.js';

/** The compiled worker, also when this module runs from src/ under tsx (the test runner builds dist/). */
const WORKER = new URL('../../dist/detection/detect-worker.js', import.meta.url).href;

/**
 * `workers: "auto"` = cores - 1 (the main thread does the I/O), at least 1 — less `reservedCores`
 * (e.g. a database server on this machine), down to 0: then the main thread detects alone.
 */
export function autoWorkerCount(reservedCores = 0): number {
  const cores = availableParallelism();
  return reservedCores > 0 ? Math.max(0, cores - 1 - reservedCores) : Math.max(1, cores - 1);
}

/** A batch's look sampling: per detector in every how many values it is looked for, and the seed. */
export interface LookSampling {
  every: Uint16Array;
  seed: number;
}

/** One field's batch to detect, with its column name and look sampling. */
export interface DetectRequest {
  batch: ValueBatch;
  columnName?: string | undefined;
  look?: LookSampling | undefined;
}

export interface DetectResult {
  findings: Finding[];
  candidateValues: Uint32Array;
  lookedValues: Uint32Array;
}

/**
 * Detection on worker threads: the main thread reads and writes, workers run the engine. A task's
 * batches are copied once into one buffer that is transferred, never cloned.
 */
export class DetectionPool {
  private readonly piscina: Piscina<DetectTask, DetectTaskResult[]>;

  private readonly size: number;

  constructor(setup: DetectWorkerSetup, threads: number) {
    this.size = threads;
    this.piscina = new Piscina({
      filename: WORKER,
      workerData: setup,
      minThreads: threads,
      maxThreads: threads,
    });
  }

  /** The number of worker threads this pool runs. */
  get threads(): number {
    return this.size;
  }

  async detect(batch: ValueBatch, columnName?: string): Promise<Finding[]> {
    return (await this.detectWithStats(batch, columnName)).findings;
  }

  /** Findings plus, per detector, how many values held a candidate (see DetectionStats). */
  async detectWithStats(batch: ValueBatch, columnName?: string, look?: LookSampling): Promise<DetectResult> {
    const [result] = await this.detectMany([{ batch, columnName, look }]);
    return result as DetectResult;
  }

  /** Several batches in one task (one message each way), results in the same order. */
  async detectMany(requests: readonly DetectRequest[]): Promise<DetectResult[]> {
    let size = 0;
    let values = 0;
    for (const { batch } of requests) {
      size +=
        batch.count === 0 ? 0 : (batch.ends[batch.count - 1] as number) + 1 - (batch.starts[0] as number);
      values += batch.count;
    }
    const bytes = new Uint8Array(size);
    const starts = new Uint32Array(values);
    const ends = new Uint32Array(values);
    const batches: DetectTaskBatch[] = [];
    let offset = 0;
    let firstValue = 0;
    for (const { batch, columnName, look } of requests) {
      if (batch.count > 0) {
        // A batch's values are contiguous from its first start: one copy, offsets shifted.
        const from = batch.starts[0] as number;
        const to = (batch.ends[batch.count - 1] as number) + 1;
        bytes.set(batch.bytes.subarray(from, to), offset);
        const shift = offset - from;
        for (let i = 0; i < batch.count; i++) {
          starts[firstValue + i] = (batch.starts[i] as number) + shift;
          ends[firstValue + i] = (batch.ends[i] as number) + shift;
        }
        offset += to - from;
      }
      batches.push({
        firstValue,
        count: batch.count,
        ...(columnName !== undefined && { columnName }),
        ...(look !== undefined && { lookEvery: look.every, lookSeed: look.seed }),
      });
      firstValue += batch.count;
    }
    const task: DetectTask = { bytes, starts, ends, batches };
    const results = await this.piscina.run(task, {
      transferList: [bytes.buffer, starts.buffer, ends.buffer],
    });
    return results.map((result) => ({
      findings: decodeFindings(result.findings),
      candidateValues: result.candidateValues,
      lookedValues: result.lookedValues,
    }));
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
