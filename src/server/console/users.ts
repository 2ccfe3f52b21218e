import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { PrivateJsonFile } from '../../util/files.js';
import { decoyHash, hashPassword, verifyPassword } from './password.js';

export interface Operator {
  name: string;
  hash: string;
  createdAt: string;
  updatedAt: string;
}

interface UsersFile {
  users: Operator[];
}

export const NAME_RE = /^[\p{L}\p{N}_.-]{2,32}$/u;
export const MIN_PASSWORD = 8;

export function usersFile(dataDir: string): string {
  return join(dataDir, 'console', 'users.json');
}

/** Where operator accounts live: this file for one instance; PostgreSQL (src/server/stores) for several. */
export interface Operators {
  get(name: string): Promise<Operator | undefined>;
  /** adds the operator or sets a new password; whether the account already existed */
  set(name: string, password: string): Promise<'added' | 'reset'>;
  /** the operator when name and password match */
  check(name: string, password: string): Promise<Operator | null>;
}

/** Refuses a name or password the console would not take, with the message the operator sees. */
export function checkNewOperator(name: string, password: string): void {
  if (!NAME_RE.test(name)) throw new Error('用户名须为 2–32 个字母、数字、汉字或 _ . -');
  if (password.length < MIN_PASSWORD) throw new Error(`密码至少 ${MIN_PASSWORD} 位`);
}

/** The operator when name and password match; the same slow hash runs for unknown names. */
export async function checkOperator(u: Operator | undefined, password: string): Promise<Operator | null> {
  const ok = await verifyPassword(password, u?.hash ?? (await decoyHash()));
  return u && ok ? u : null;
}

/**
 * Operator accounts in a lowdb file. The command line adds accounts while the server runs, so the
 * file is read again whenever it changed on disk.
 */
export class UserStore implements Operators {
  private readonly db: Low<UsersFile>;
  private seen = -1;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Low(new PrivateJsonFile<UsersFile>(file), { users: [] });
  }

  private async fresh(): Promise<Operator[]> {
    let mtime = 0;
    try {
      mtime = statSync(this.file).mtimeMs;
    } catch {
      mtime = 0;
    }
    if (mtime !== this.seen) {
      await this.db.read();
      this.seen = mtime;
    }
    return this.db.data.users;
  }

  async get(name: string): Promise<Operator | undefined> {
    return (await this.fresh()).find((u) => u.name === name);
  }

  /** Adds the operator or sets a new password; returns whether the account already existed. */
  async set(name: string, password: string): Promise<'added' | 'reset'> {
    checkNewOperator(name, password);
    const users = await this.fresh();
    const now = new Date().toISOString();
    const hash = await hashPassword(password);
    const prev = users.find((u) => u.name === name);
    if (prev) Object.assign(prev, { hash, updatedAt: now });
    else users.push({ name, hash, createdAt: now, updatedAt: now });
    await this.db.write();
    this.seen = -1;
    return prev ? 'reset' : 'added';
  }

  /** The operator when name and password match; the same slow hash runs for unknown names. */
  async check(name: string, password: string): Promise<Operator | null> {
    return checkOperator(await this.get(name), password);
  }
}
