/**
 * Group commit: items that arrive while one commit runs wait and go into
 * the next one together, so a batch pays one synced transaction per group
 * of finished rows instead of one per row (on a shared disk a sync costs
 * more than rendering's share of the main thread).
 */
export class GroupCommit<T, R> {
  #waiting: Array<{ item: T; done: (r: R) => void; fail: (e: unknown) => void }> = [];
  #running = false;

  constructor(private readonly commit: (items: T[]) => Promise<R[]>) {}

  /** Resolves with the item's result once the group it went into has committed. */
  add(item: T): Promise<R> {
    return new Promise<R>((done, fail) => {
      this.#waiting.push({ item, done, fail });
      if (!this.#running) setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    if (this.#running || !this.#waiting.length) return;
    this.#running = true;
    const group = this.#waiting;
    this.#waiting = [];
    try {
      const results = await this.commit(group.map((g) => g.item));
      for (const [i, g] of group.entries()) g.done(results[i]!);
    } catch (e) {
      for (const g of group) g.fail(e);
    } finally {
      this.#running = false;
      if (this.#waiting.length) setImmediate(() => void this.#flush());
    }
  }
}
