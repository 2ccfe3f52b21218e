import { randomInt } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { ABSENT_ETAG, isETagConflict } from './state/etag.js';

export interface Handoff {
  bundle: BundleId;
  answers: Record<string, AnswerValue>;
  createdAt: number;
  /** who made it (operator name), for the record */
  by?: string;
}

/** Digits in a code: 10^10 codes, so guessing one of the day's few hundred live codes is hopeless at the throttled rate. */
export const HANDOFF_DIGITS = 10;

/** 「续办 123 456 7890」: what the caller sends to the Official Account; spaces and dashes as read aloud are allowed. */
export const HANDOFF_RE = /^(?:续办|接续|继续办理|JX)\s*[:：]?\s*(\d(?:[\s-]?\d){5,15})$/i;

/** How a code is read out: 3-3-4, the way phone numbers are. */
export const groupCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;

/** Failed redemptions allowed per conversation per hour, and across all conversations per minute. */
const PER_CONVERSATION = { max: 5, windowMs: 3_600_000 };
const OVERALL = { max: 120, windowMs: 60_000 };

/**
 * Wrong codes counted in sliding windows. In this process by default; several instances share one
 * (Redis, src/server/stores) so a guesser spreading tries over them meets the same limits.
 */
export interface FailureCounter {
  /** how many were recorded under `key` within the last `windowMs` */
  count(key: string, windowMs: number): Promise<number>;
  /** records one now under `key` (forgotten after `windowMs`) */
  add(key: string, windowMs: number): Promise<void>;
}

/** The counter of one process: timestamps per key, pruned as they are read. */
export class MemoryFailureCounter implements FailureCounter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string, windowMs: number): number[] {
    const t = this.now();
    const list = (this.failures.get(key) ?? []).filter((x) => t - x < windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  async count(key: string, windowMs: number): Promise<number> {
    return this.recent(key, windowMs).length;
  }

  async add(key: string, windowMs: number): Promise<void> {
    this.failures.set(key, [...this.recent(key, windowMs), this.now()]);
  }
}

/**
 * Short-lived, single-use codes that carry an operator's answers into a citizen's chat. Ten digits and
 * throttled redemption (a guesser got 703 tries a second at six digits and found a live code in 4.3 s):
 * five wrong codes stop a conversation for an hour, and more than 120 wrong codes a minute anywhere
 * stop redemption for everyone until the minute is over.
 */
export class HandoffStore {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 24 * 3600_000,
    private readonly now: () => number = Date.now,
    private readonly failures: FailureCounter = new MemoryFailureCounter(now),
  ) {}

  private key(code: string): string {
    return `handoff/${code}`;
  }

  async create(h: Omit<Handoff, 'createdAt'>): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const code = String(randomInt(1, 10)) + Array.from({ length: HANDOFF_DIGITS - 1 }, () => randomInt(0, 10)).join('');
      const existing = await this.storage.read([this.key(code)]);
      if (existing[this.key(code)]) continue;
      try {
        // only where no code lives: two instances drawing the same number cannot overwrite each other's
        await this.storage.write({ [this.key(code)]: { ...h, createdAt: this.now(), eTag: ABSENT_ETAG } });
      } catch (e) {
        if (isETagConflict(e)) continue;
        throw e;
      }
      return code;
    }
    throw new Error('无法生成续办码，请稍后再试');
  }

  /** True when this conversation (or everyone) has guessed wrong too often to try now. */
  async throttled(conversation: string): Promise<boolean> {
    return (
      (await this.failures.count(`c:${conversation}`, PER_CONVERSATION.windowMs)) >= PER_CONVERSATION.max ||
      (await this.failures.count('all', OVERALL.windowMs)) >= OVERALL.max
    );
  }

  private async fail(conversation: string): Promise<void> {
    await this.failures.add(`c:${conversation}`, PER_CONVERSATION.windowMs);
    await this.failures.add('all', OVERALL.windowMs);
  }

  /**
   * Returns the handoff once and deletes it; null when unknown or expired; 'throttled' when this
   * conversation may not try now (the code is not even looked up).
   */
  async redeem(typed: string, conversation = 'unknown'): Promise<Handoff | null | 'throttled'> {
    if (await this.throttled(conversation)) return 'throttled';
    const code = typed.replace(/\D/g, '');
    const key = this.key(code);
    const item =
      code.length === HANDOFF_DIGITS ? ((await this.storage.read([key]))[key] as (Handoff & { eTag?: string; redeemedAt?: number }) | undefined) : undefined;
    if (!item || item.redeemedAt) {
      if (!item) await this.fail(conversation);
      return null;
    }
    // spent first, under the eTag just read: of two redemptions at once (two instances over one shared
    // store), one write wins and the other is refused, so a code gives its answers exactly once
    try {
      await this.storage.write({ [key]: { redeemedAt: this.now(), eTag: item.eTag ?? '*' } });
    } catch (e) {
      if (isETagConflict(e)) return null;
      throw e;
    }
    await this.storage.delete([key]);
    if (this.now() - item.createdAt > this.ttlMs) return null;
    return { bundle: item.bundle, answers: item.answers, createdAt: item.createdAt, by: item.by };
  }
}
