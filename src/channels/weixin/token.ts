import type { Storage } from 'botbuilder';

export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

/** `force`: the token in use was refused (40001/42001), so a stable_token call must not hand it back */
export type FetchToken = (force: boolean) => Promise<FetchedToken>;

/** An account's access_token as every caller (and every instance) should use it. */
export interface AccessTokens {
  get(): Promise<string>;
  /** The API said `token` is invalid or expired: forget it unless someone already replaced it. */
  invalidate(token: string): Promise<void>;
}

/** Makes the shared token of one account (key) from how to fetch a new one: Redis across instances. */
export type TokenShareFactory = (key: string, fetchToken: FetchToken) => AccessTokens;

interface TokenRecord {
  token?: string;
  expiresAt?: number;
  /** an instance that is fetching a new token holds this until then, so the others wait for it */
  leaseUntil?: number;
  eTag?: string;
}

export interface TokenCacheOptions {
  storage: Storage;
  /** storage key, one per account (app id / corp id + agent) */
  key: string;
  fetchToken: FetchToken;
  /** refresh this long before expiry (default 5 min) */
  earlyMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const LEASE_MS = 10_000;

/**
 * access_token kept in the bot's Storage so all instances share one (WeChat invalidates the previous token
 * on each fetch). Inside an instance a refresh is single-flight; across instances an eTag-guarded lease
 * lets one fetch while the others read the result.
 */
export class AccessTokenCache implements AccessTokens {
  private inflight: Promise<string> | null = null;
  /** the token in use was refused here: the next fetch forces a new one */
  private force = false;
  private readonly now: () => number;
  private readonly earlyMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: TokenCacheOptions) {
    this.now = o.now ?? Date.now;
    this.earlyMs = o.earlyMs ?? 300_000;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async get(): Promise<string> {
    const rec = await this.read();
    if (this.fresh(rec)) return rec.token!;
    if (!this.inflight) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /** The API said `token` is invalid or expired: forget it unless someone already replaced it. */
  async invalidate(token: string): Promise<void> {
    const rec = await this.read();
    this.force = true;
    if (rec.token === token) await this.o.storage.write({ [this.o.key]: { ...rec, token: undefined, expiresAt: 0, eTag: '*' } });
  }

  private fresh(rec: TokenRecord): boolean {
    return !!rec.token && (rec.expiresAt ?? 0) - this.earlyMs > this.now();
  }

  private async read(): Promise<TokenRecord> {
    return ((await this.o.storage.read([this.o.key]))[this.o.key] as TokenRecord | undefined) ?? {};
  }

  private async refresh(): Promise<string> {
    for (let waited = 0; waited <= LEASE_MS; waited += 200) {
      const rec = await this.read();
      if (this.fresh(rec)) return rec.token!;
      if ((rec.leaseUntil ?? 0) <= this.now() && (await this.takeLease(rec))) return this.fetchAndStore();
      await this.sleep(200);
    }
    // the other holder went away without a token: fetch ourselves rather than leave the user waiting
    return this.fetchAndStore();
  }

  private async takeLease(rec: TokenRecord): Promise<boolean> {
    try {
      await this.o.storage.write({ [this.o.key]: { ...rec, leaseUntil: this.now() + LEASE_MS, eTag: rec.eTag ?? '*' } });
      return true;
    } catch {
      return false; // eTag conflict: another instance took it first
    }
  }

  private async fetchAndStore(): Promise<string> {
    try {
      const t = await this.o.fetchToken(this.force);
      this.force = false;
      await this.o.storage.write({ [this.o.key]: { token: t.token, expiresAt: this.now() + t.expiresInSec * 1000, leaseUntil: 0 } });
      return t.token;
    } catch (e) {
      const rec = await this.read();
      await this.o.storage.write({ [this.o.key]: { ...rec, leaseUntil: 0, eTag: '*' } });
      throw e;
    }
  }
}
