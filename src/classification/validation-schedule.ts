import { LOOK_SAMPLING_LEVELS, SETTLE_AFTER_CANDIDATES } from './thresholds.js';

/**
 * How many batches back look sampling looks: batch i's sampling for a detector is decided by the
 * (estimated) candidates of the field's batches 0..i-SETTLE_LAG. Deciding from a fixed range of
 * earlier batches — never from whichever happened to finish first on the worker threads — makes a
 * scan's counts the same every time it reads the same rows (a resumed scan equals an uninterrupted
 * one). A lag of 2 keeps two batches of a field in flight while the decision waits; a lag of 1
 * would run a sparse column's batches one after another.
 */
export const SETTLE_LAG = 2;

/**
 * A field's first EARLY_VALUES values go to detection in portions of at most EARLY_PORTION_VALUES
 * (ValidationSchedule.portions): with the lag, the SETTLE_LAG batches after the one that settles a
 * detector are still examined whole, so what settling costs beyond its SETTLE_AFTER_CANDIDATES
 * values is SETTLE_LAG batches' worth — 4,000 values in 2,000-row batches, 500 in portions of 250.
 * Past EARLY_VALUES a batch goes whole: a detector that has not settled by then is looked for in
 * every value whatever the cut, and small portions cost a little per portion.
 */
export const EARLY_PORTION_VALUES = 250;
export const EARLY_VALUES = 2 * SETTLE_AFTER_CANDIDATES;

/**
 * The order of a field's batches and, from it, each batch's look sampling (LOOK_SAMPLING_LEVELS).
 * A batch whose decision is still open waits for the earlier batches it depends on; most never
 * wait, because the decision is already certain: a detector past a level stays past it, and one
 * that could not reach the next level even if every pending value were a candidate has not.
 */
export class ValidationSchedule {
  #dispatched = 0;
  #dispatchedValues = 0;
  /** Non-empty values per dispatched batch not yet counted in the prefix: candidates cannot exceed them. */
  readonly #values = new Map<number, number>();
  /** Estimated candidate counts per detector of batches finished out of order. */
  readonly #finished = new Map<number, ArrayLike<number>>();
  /** Batches 0..prefix-1 are all finished and summed. */
  #prefix = 0;
  readonly #candidates = new Map<number, number>();
  /** Per detector, the batch at which the prefix sum reached each level (index into LOOK_SAMPLING_LEVELS). */
  readonly #levelsAt = new Map<number, number[]>();
  readonly #waiting = new Set<() => void>();

  /**
   * How a batch of `values` non-empty values is cut before its portions are started, in order: in
   * portions of EARLY_PORTION_VALUES while the field is within its first EARLY_VALUES values, then whole.
   */
  portions(values: number): number[] {
    const sizes: number[] = [];
    let dispatched = this.#dispatchedValues;
    for (let left = values; left > 0;) {
      const size = dispatched < EARLY_VALUES ? Math.min(left, EARLY_PORTION_VALUES) : left;
      sizes.push(size);
      dispatched += size;
      left -= size;
    }
    return sizes;
  }

  /**
   * Registers a batch of at most `values` non-empty values (call synchronously in reading order)
   * and resolves with its sequence number and its sampling: per detector index, in every how many
   * values it is looked for (0 or undefined: every value).
   */
  async start(values: number): Promise<{ sequence: number; lookEvery: Uint16Array | undefined }> {
    const sequence = this.#dispatched++;
    this.#dispatchedValues += values;
    this.#values.set(sequence, values);
    const upTo = sequence - SETTLE_LAG;
    if (upTo < 0) return { sequence, lookEvery: undefined };
    while (!this.#decided(upTo)) await new Promise<void>((resolve) => this.#waiting.add(resolve));
    return { sequence, lookEvery: this.#lookEvery(upTo) };
  }

  /**
   * A batch's estimated candidate counts per detector (candidates × values / values looked in);
   * call once per started batch, also when it failed.
   */
  finish(sequence: number, estimatedCandidates: ArrayLike<number>): void {
    this.#finished.set(sequence, estimatedCandidates);
    for (
      let next = this.#finished.get(this.#prefix);
      next !== undefined;
      next = this.#finished.get(this.#prefix)
    ) {
      for (let detector = 0; detector < next.length; detector++) {
        const count = next[detector] as number;
        if (count === 0) continue;
        const total = (this.#candidates.get(detector) ?? 0) + count;
        this.#candidates.set(detector, total);
        const reached = this.#levelsAt.get(detector) ?? [];
        while (
          reached.length < LOOK_SAMPLING_LEVELS.length &&
          total >= (LOOK_SAMPLING_LEVELS[reached.length]?.fromCandidates ?? Infinity)
        )
          reached.push(this.#prefix);
        if (reached.length > 0) this.#levelsAt.set(detector, reached);
      }
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
    // Any detector, even one not seen yet, could cross the first level within the pending values.
    if (pending >= SETTLE_AFTER_CANDIDATES) return false;
    for (const total of this.#candidates.values()) {
      const next = LOOK_SAMPLING_LEVELS.find((level) => total < level.fromCandidates);
      if (next !== undefined && total + pending >= next.fromCandidates) return false;
    }
    return true;
  }

  #lookEvery(upTo: number): Uint16Array | undefined {
    let every: Uint16Array | undefined;
    for (const [detector, reachedAt] of this.#levelsAt) {
      let level = -1;
      while (level + 1 < reachedAt.length && (reachedAt[level + 1] as number) <= upTo) level++;
      if (level < 0) continue;
      every ??= new Uint16Array(Math.max(...this.#levelsAt.keys()) + 1);
      every[detector] = LOOK_SAMPLING_LEVELS[level]?.every ?? 0;
    }
    return every;
  }
}
