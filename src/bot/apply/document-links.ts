import { randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { AnswerValue } from '../../knowledge/expr/index.js';
import type { BundleId } from '../../knowledge/schema/index.js';

/** What a document link opens: the case's answers and the merged form's values, as they were. */
export interface DocumentEntry {
  bundle: BundleId;
  answers: Record<string, AnswerValue>;
  values: Record<string, string | number>;
  /** 'templates' before submission: the format texts only, without the merged form; absent means filled */
  kind?: 'templates' | 'filled';
  expiresAt: number;
}

/** How long a link opens its documents: long enough to print, short for a page holding ID numbers. */
export const DOCUMENT_LINK_MINUTES = 30;

const TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/**
 * Short-lived, unguessable links to the documents filled from one case (24 random bytes: 192 bits, so
 * guessing is hopeless without throttling). Kept in the conversation store, sealed like the rest, so
 * any instance behind one address opens a link another made; an expired one is deleted when asked for.
 */
export class DocumentLinks {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = DOCUMENT_LINK_MINUTES * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(token: string): string {
    return `documents/${token}`;
  }

  async create(e: Omit<DocumentEntry, 'expiresAt'>): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.storage.write({ [this.key(token)]: { ...e, expiresAt: this.now() + this.ttlMs } });
    return token;
  }

  /** the entry behind a token, or null when the token is malformed, unknown or expired */
  async open(token: string): Promise<DocumentEntry | null> {
    if (!TOKEN_RE.test(token)) return null;
    const key = this.key(token);
    const e = (await this.storage.read([key]))[key] as DocumentEntry | undefined;
    if (!e) return null;
    if (e.expiresAt <= this.now()) {
      await this.storage.delete([key]);
      return null;
    }
    return e;
  }
}
