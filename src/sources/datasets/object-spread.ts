/**
 * A bounded, deterministic spread over a stream of any length: systematic sampling with
 * decimation. Every `step`-th item is kept (arrival index ≡ 0 mod step); when more than twice the
 * wanted size are kept, every other one is dropped and `step` doubles, so the kept items stay
 * evenly spaced over everything seen and memory stays under 2 × size + 1 items. The same stream
 * always gives the same spread; no randomness is involved.
 */
export class ObjectSpread<T> {
  readonly #size: number;
  #kept: T[] = [];
  #step = 1;
  #seen = 0;

  constructor(size: number) {
    this.#size = size;
  }

  add(item: T): void {
    if (this.#size > 0 && this.#seen % this.#step === 0) {
      this.#kept.push(item);
      if (this.#kept.length > 2 * this.#size) {
        this.#kept = this.#kept.filter((_, index) => index % 2 === 0);
        this.#step *= 2;
      }
    }
    this.#seen++;
  }

  /** How many items are held now: never more than 2 × size + 1. */
  get retained(): number {
    return this.#kept.length;
  }

  /** Up to `size` kept items, evenly spaced, in arrival order; `except` is left out. */
  items(except?: T): T[] {
    const kept = this.#kept.filter((item) => item !== except);
    if (kept.length <= this.#size) return kept;
    return Array.from(
      { length: this.#size },
      (_, i) => kept[Math.floor((i * kept.length) / this.#size)] as T,
    );
  }
}
