import type pg from 'pg';
import { digest, newToken, type Session, type Sessions } from '../console/sessions.js';
import { checkNewOperator, checkOperator, type Operator, type Operators } from '../console/users.js';
import { hashPassword } from '../console/password.js';

/**
 * The console's sign-ins in PostgreSQL (console_sessions), so a session opened through one instance
 * is honoured by every other. Like the file store, rows are keyed by the token's SHA-256.
 */
export class PgSessionStore implements Sessions {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async open(user: string, stamp: string): Promise<{ token: string; session: Session }> {
    const token = newToken();
    const t = this.now();
    const session: Session = { user, createdAt: t, expiresAt: t + this.ttlMs, stamp };
    await this.pool.query('DELETE FROM console_sessions WHERE expires_at <= $1', [t]);
    await this.pool.query('INSERT INTO console_sessions (digest, user_name, created_at, expires_at, stamp) VALUES ($1, $2, $3, $4, $5)', [
      digest(token),
      user,
      t,
      session.expiresAt,
      stamp,
    ]);
    return { token, session };
  }

  async get(token: string | undefined): Promise<Session | null> {
    if (!token) return null;
    const r = await this.pool.query<{ user_name: string; created_at: string; expires_at: string; stamp: string }>(
      'SELECT user_name, created_at, expires_at, stamp FROM console_sessions WHERE digest = $1',
      [digest(token)],
    );
    const row = r.rows[0];
    if (!row) return null;
    const s: Session = { user: row.user_name, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at), stamp: row.stamp };
    if (s.expiresAt <= this.now()) {
      await this.close(token);
      return null;
    }
    return s;
  }

  async close(token: string | undefined): Promise<void> {
    if (token) await this.pool.query('DELETE FROM console_sessions WHERE digest = $1', [digest(token)]);
  }
}

/** Operator accounts in PostgreSQL (console_users): `npm run console:user` with DATABASE_URL writes here. */
export class PgUserStore implements Operators {
  constructor(private readonly pool: pg.Pool) {}

  async get(name: string): Promise<Operator | undefined> {
    const r = await this.pool.query<{ name: string; hash: string; created_at: Date; updated_at: Date }>(
      'SELECT name, hash, created_at, updated_at FROM console_users WHERE name = $1',
      [name],
    );
    const u = r.rows[0];
    return u && { name: u.name, hash: u.hash, createdAt: u.created_at.toISOString(), updatedAt: u.updated_at.toISOString() };
  }

  async set(name: string, password: string): Promise<'added' | 'reset'> {
    checkNewOperator(name, password);
    const hash = await hashPassword(password);
    // xmax = 0 only on a row this statement inserted: tells an added account from a reset one in one round trip
    const r = await this.pool.query<{ added: boolean }>(
      `INSERT INTO console_users (name, hash) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, updated_at = now() RETURNING (xmax = 0) AS added`,
      [name, hash],
    );
    return r.rows[0]?.added ? 'added' : 'reset';
  }

  async check(name: string, password: string): Promise<Operator | null> {
    return checkOperator(await this.get(name), password);
  }
}
