export interface BackoffOptions {
  /** delay before the first retry, ms */
  baseMs: number;
  /** the delay never grows past this, ms */
  maxMs: number;
  /** injectable for tests; Math.random otherwise */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": half the capped delay is fixed, half random, so many
 * clients that failed together do not retry together, and none retries at once.
 */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const capped = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(capped / 2 + (o.random ?? Math.random)() * (capped / 2));
}
