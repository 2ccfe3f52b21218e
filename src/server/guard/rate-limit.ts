/**
 * Abuse limits behind one small interface, so that several instances can share their counts (a Redis
 * implementation with the same contract) while one instance keeps them in memory.
 */
export interface RateLimiter {
  /** takes `cost` tokens from `key`'s bucket; false when it is empty (the caller answers 429) */
  take(key: string, cost?: number): Promise<boolean>;
}

export interface BucketOptions {
  /** tokens a full bucket holds: the burst allowed */
  capacity: number;
  /** tokens regained per second: the sustained rate */
  perSecond: number;
  /** keys kept at most; the least recently used go first (an attacker rotating addresses cannot grow memory) */
  maxKeys?: number;
  now?: () => number;
}

/** Makes the limiter named `name` (one per kind of limit): in memory by default, Redis when shared. */
export type LimiterFactory = (name: string, o: BucketOptions) => RateLimiter;

/** Token bucket per key, in process memory. */
export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  constructor(private readonly o: BucketOptions) {
    this.now = o.now ?? Date.now;
  }

  async take(key: string, cost = 1): Promise<boolean> {
    return this.takeNow(key, cost);
  }

  takeNow(key: string, cost = 1): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.o.capacity, at: t };
    b.tokens = Math.min(this.o.capacity, b.tokens + ((t - b.at) / 1000) * this.o.perSecond);
    b.at = t;
    // re-inserted so the map's order is least recently used first
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > (this.o.maxKeys ?? 100_000)) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }
}

/**
 * How many distinct new things (conversations) one key may start per window; things already seen in
 * the window cost nothing again.
 */
export class NewPerWindow {
  private readonly seen = new Map<string, { start: number; ids: Set<string> }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** false when `id` is new for `key` and `key` already started `max` in this window */
  admit(key: string, id: string): boolean {
    const t = this.now();
    let w = this.seen.get(key);
    if (!w || t - w.start > this.windowMs) {
      w = { start: t, ids: new Set() };
      this.seen.delete(key);
      this.seen.set(key, w);
      if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    }
    if (w.ids.has(id)) return true;
    if (w.ids.size >= this.max) return false;
    w.ids.add(id);
    return true;
  }
}
