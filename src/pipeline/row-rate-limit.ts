/**
 * A source's `maxRowsPerSecond`: a token bucket shared by every asset the source scans at once.
 * Rows read are taken from it; once it runs dry the reader waits until the debt is paid back, so
 * a cursor is read more slowly and the server produces rows no faster than the ceiling. The
 * bucket holds at most one second's worth, so an idle pause buys no burst larger than that.
 */
export class RowRateLimit {
  readonly #perSecond: number;
  readonly #clock: () => number;
  #available: number;
  #last: number;

  constructor(perSecond: number, clock: () => number = () => performance.now()) {
    this.#perSecond = perSecond;
    this.#clock = clock;
    this.#available = perSecond;
    this.#last = clock();
  }

  /** Takes `rows`; returns a promise to wait on when they overdraw the bucket, else undefined. */
  take(rows: number): Promise<void> | undefined {
    const at = this.#clock();
    this.#available = Math.min(
      this.#perSecond,
      this.#available + ((at - this.#last) / 1000) * this.#perSecond,
    );
    this.#last = at;
    this.#available -= rows;
    if (this.#available >= 0) return undefined;
    const waitMs = (-this.#available / this.#perSecond) * 1000;
    return new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
