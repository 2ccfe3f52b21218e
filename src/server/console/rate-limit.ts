/**
 * Failed sign-ins counted per key (operator name, client address) in a sliding window. Past the limit
 * the key waits until its oldest failure leaves the window; a success clears the name's count.
 */
export class LoginLimiter {
  private readonly fails = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const t = this.now();
    const list = (this.fails.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (list.length === 0) this.fails.delete(key);
    else this.fails.set(key, list);
    return list;
  }

  /** Seconds to wait before trying again, 0 when a try is allowed. */
  retryAfter(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    this.fails.set(key, [...this.recent(key), this.now()]);
  }

  clear(key: string): void {
    this.fails.delete(key);
  }
}
