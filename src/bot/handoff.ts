import { randomInt } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';

export interface Handoff {
  bundle: BundleId;
  answers: Record<string, AnswerValue>;
  createdAt: number;
  /** who made it (operator name), for the record */
  by?: string;
}

/** 「续办 123456」: what the caller sends to the Official Account to pick up the operator's answers. */
export const HANDOFF_RE = /^(?:续办|接续|继续办理|JX)\s*[:：]?\s*(\d{6})$/i;

/**
 * Short codes that carry an operator's answers into a citizen's chat. Six digits are easy to read
 * out on the phone; they expire soon and work once, so a guessed code is worth little.
 */
export class HandoffStore {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 24 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(code: string): string {
    return `handoff/${code}`;
  }

  async create(h: Omit<Handoff, 'createdAt'>): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const code = String(randomInt(100000, 1000000));
      const existing = await this.storage.read([this.key(code)]);
      if (existing[this.key(code)]) continue;
      await this.storage.write({ [this.key(code)]: { ...h, createdAt: this.now() } });
      return code;
    }
    throw new Error('无法生成续办码，请稍后再试');
  }

  /** Returns the handoff once and deletes it; null when unknown or expired. */
  async redeem(code: string): Promise<Handoff | null> {
    const key = this.key(code);
    const item = (await this.storage.read([key]))[key] as (Handoff & { eTag?: string }) | undefined;
    if (!item) return null;
    await this.storage.delete([key]);
    if (this.now() - item.createdAt > this.ttlMs) return null;
    return { bundle: item.bundle, answers: item.answers, createdAt: item.createdAt, by: item.by };
  }
}
