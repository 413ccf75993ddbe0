/**
 * `--time-budget`: once it is spent no new asset starts (those in flight finish and commit), and
 * the assets not reached are recorded as left for the next run, which takes them first.
 */
export class ScanBudget {
  readonly budgetMs: number | undefined;
  readonly #deadline: number;
  readonly #clock: () => number;
  #spent = false;

  constructor(budgetMs: number | undefined, clock: () => number = () => Date.now()) {
    this.budgetMs = budgetMs;
    this.#clock = clock;
    this.#deadline = budgetMs === undefined ? Infinity : clock() + budgetMs;
  }

  /** Whether the budget is spent (it stays spent once it is). */
  spent(): boolean {
    if (!this.#spent && this.#clock() >= this.#deadline) this.#spent = true;
    return this.#spent;
  }
}
