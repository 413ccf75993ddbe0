import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Finding } from './check-candidate.js';
import type { DetectTask, DetectTaskResult, DetectWorkerSetup } from './detect-worker.js';
import { decodeFindings } from './finding-codec.js';
import type { ValueBatch } from './value-batch.js';

/** The compiled worker, also when this module runs from src/ under tsx (the test runner builds dist/). */
const WORKER = new URL('../../dist/detection/detect-worker.js', import.meta.url).href;

/** `workers: "auto"` = cores - 1 (the main thread does the I/O), at least 1. */
export function autoWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Detection on worker threads: the main thread reads and writes, workers run the engine. Each
 * batch's bytes are copied once into a buffer that is transferred, never cloned.
 */
export class DetectionPool {
  private readonly piscina: Piscina<DetectTask, DetectTaskResult>;

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
  async detectWithStats(
    batch: ValueBatch,
    columnName?: string,
    look?: { every: Uint16Array; seed: number },
  ): Promise<{ findings: Finding[]; candidateValues: Uint32Array; lookedValues: Uint32Array }> {
    const used = batch.count === 0 ? 0 : (batch.ends[batch.count - 1] as number);
    const bytes = new Uint8Array(batch.bytes.subarray(0, used));
    const starts = batch.starts.slice(0, batch.count);
    const ends = batch.ends.slice(0, batch.count);
    const task: DetectTask = {
      bytes,
      starts,
      ends,
      count: batch.count,
      ...(columnName !== undefined && { columnName }),
      ...(look !== undefined && { lookEvery: look.every, lookSeed: look.seed }),
    };
    const result = await this.piscina.run(task, { transferList: [bytes.buffer, starts.buffer, ends.buffer] });
    return {
      findings: decodeFindings(result.findings),
      candidateValues: result.candidateValues,
      lookedValues: result.lookedValues,
    };
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}
