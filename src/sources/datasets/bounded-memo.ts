/** A string → string cache of at most `size` entries; when full it starts over (no LRU bookkeeping). */
export class BoundedMemo {
  readonly #values = new Map<string, string>();
  readonly #size: number;
  readonly #compute: (input: string) => string;

  constructor(size: number, compute: (input: string) => string) {
    this.#size = size;
    this.#compute = compute;
  }

  get(input: string): string {
    let value = this.#values.get(input);
    if (value === undefined) {
      if (this.#values.size >= this.#size) this.#values.clear();
      value = this.#compute(input);
      this.#values.set(input, value);
    }
    return value;
  }
}
