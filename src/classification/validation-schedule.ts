import { SETTLE_AFTER_CANDIDATES, SETTLED_EXAMINE_EVERY } from './thresholds.js';

/**
 * How many batches back validation sampling looks: batch i is sampled for a detector when the
 * field's batches 0..i-SETTLE_LAG held SETTLE_AFTER_CANDIDATES candidates for it. Deciding from a
 * fixed range of earlier batches — never from whichever happened to finish first on the worker
 * threads — makes a scan's counts the same every time it reads the same rows (a resumed scan
 * equals an uninterrupted one). A lag of 2 keeps two batches of a field in flight while the
 * decision waits; a lag of 1 would run a sparse column's batches one after another.
 */
export const SETTLE_LAG = 2;

/**
 * The order of a field's batches and, from it, each batch's validation sampling (see SETTLE_LAG).
 * A batch whose decision is still open waits for the earlier batches it depends on; most never
 * wait, because the decision is already certain: a detector past the threshold stays past it,
 * and one that could not reach it even if every pending value were a candidate has not.
 */
export class ValidationSchedule {
  #dispatched = 0;
  /** Non-empty values per dispatched batch not yet counted in the prefix: candidates cannot exceed them. */
  readonly #values = new Map<number, number>();
  /** Candidate counts per detector of batches finished out of order. */
  readonly #finished = new Map<number, Uint32Array>();
  /** Batches 0..prefix-1 are all finished and summed. */
  #prefix = 0;
  readonly #candidates = new Map<number, number>();
  /** Per detector, the first batch at which the prefix sum reached the threshold. */
  readonly #settledAt = new Map<number, number>();
  readonly #waiting = new Set<() => void>();

  /**
   * Registers a batch of `values` non-empty values (call synchronously in reading order) and
   * resolves with its sequence number and its sampling (per detector index, every how many
   * candidates to validate; undefined: validate all).
   */
  async start(values: number): Promise<{ sequence: number; examineEvery: Uint8Array | undefined }> {
    const sequence = this.#dispatched++;
    this.#values.set(sequence, values);
    const upTo = sequence - SETTLE_LAG;
    if (upTo < 0) return { sequence, examineEvery: undefined };
    while (!this.#decided(upTo)) await new Promise<void>((resolve) => this.#waiting.add(resolve));
    return { sequence, examineEvery: this.#examineEvery(upTo) };
  }

  /** A batch's candidate counts per detector; call once per started batch, also when it failed. */
  finish(sequence: number, candidateValues: Uint32Array): void {
    this.#finished.set(sequence, candidateValues);
    for (
      let next = this.#finished.get(this.#prefix);
      next !== undefined;
      next = this.#finished.get(this.#prefix)
    ) {
      next.forEach((count, detector) => {
        if (count === 0) return;
        const total = (this.#candidates.get(detector) ?? 0) + count;
        this.#candidates.set(detector, total);
        if (total >= SETTLE_AFTER_CANDIDATES && !this.#settledAt.has(detector))
          this.#settledAt.set(detector, this.#prefix);
      });
      this.#finished.delete(this.#prefix);
      this.#values.delete(this.#prefix);
      this.#prefix++;
    }
    const waiting = [...this.#waiting];
    this.#waiting.clear();
    for (const wake of waiting) wake();
  }

  /** Whether the sums over batches 0..upTo are known well enough to decide every detector. */
  #decided(upTo: number): boolean {
    if (this.#prefix > upTo) return true;
    let pending = 0;
    for (let sequence = this.#prefix; sequence <= upTo; sequence++)
      pending += this.#values.get(sequence) ?? 0;
    // Any detector, even one not seen yet, could cross the threshold within the pending values.
    if (pending >= SETTLE_AFTER_CANDIDATES) return false;
    for (const total of this.#candidates.values())
      if (total < SETTLE_AFTER_CANDIDATES && total + pending >= SETTLE_AFTER_CANDIDATES) return false;
    return true;
  }

  #examineEvery(upTo: number): Uint8Array | undefined {
    let every: Uint8Array | undefined;
    for (const [detector, at] of this.#settledAt) {
      if (at > upTo) continue;
      every ??= new Uint8Array(Math.max(...this.#settledAt.keys()) + 1);
      every[detector] = SETTLED_EXAMINE_EVERY;
    }
    return every;
  }
}
