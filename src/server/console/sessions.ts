import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { PrivateJsonFile } from '../../util/files.js';

export interface Session {
  user: string;
  createdAt: number;
  expiresAt: number;
  /** a fingerprint of the password the session was opened with: resetting the password ends it */
  stamp: string;
}

interface SessionsFile {
  /** keyed by the SHA-256 of the token, so the file alone does not let anyone in */
  sessions: Record<string, Session>;
}

/** Where sessions live: this file store for one instance; PostgreSQL (src/server/stores) for several. */
export interface Sessions {
  open(user: string, stamp: string): Promise<{ token: string; session: Session }>;
  /** the live session for a token; an expired one is removed */
  get(token: string | undefined): Promise<Session | null>;
  close(token: string | undefined): Promise<void>;
}

/** a new session's token: 32 random bytes */
export const newToken = () => randomBytes(32).toString('base64url');

export const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export function passwordStamp(hash: string): string {
  return createHash('sha256').update(hash).digest('base64url').slice(0, 16);
}

/** Signed-in operators, kept on disk so a restart of the server does not sign everyone out. */
export class SessionStore implements Sessions {
  private readonly db: Low<SessionsFile>;
  private loaded: Promise<void> | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    file: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Low(new PrivateJsonFile<SessionsFile>(file), { sessions: {} });
  }

  private load(): Promise<void> {
    this.loaded ??= this.db.read();
    return this.loaded;
  }

  private save(): Promise<void> {
    const run = this.chain.then(() => this.db.write());
    this.chain = run.catch(() => undefined);
    return run;
  }

  async open(user: string, stamp: string): Promise<{ token: string; session: Session }> {
    await this.load();
    const token = newToken();
    const t = this.now();
    const session = { user, createdAt: t, expiresAt: t + this.ttlMs, stamp };
    this.sweep();
    this.db.data.sessions[digest(token)] = session;
    await this.save();
    return { token, session };
  }

  /** The live session for a token; an expired one is removed. */
  async get(token: string | undefined): Promise<Session | null> {
    if (!token) return null;
    await this.load();
    const key = digest(token);
    const s = this.db.data.sessions[key];
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      delete this.db.data.sessions[key];
      await this.save();
      return null;
    }
    return s;
  }

  async close(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.load();
    delete this.db.data.sessions[digest(token)];
    await this.save();
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of Object.entries(this.db.data.sessions)) if (s.expiresAt <= t) delete this.db.data.sessions[k];
  }
}
