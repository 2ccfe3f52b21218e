import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';

/** the shared Redis client: made here only, so its type is spelt once (the inferred one) */
const connectRedis = (url: string) => createClient({ url });
export type SharedRedis = ReturnType<typeof connectRedis>;
import type { Storage } from 'botbuilder';
import { LowdbStorage } from '../../bot/state/lowdb-storage.js';
import { KeyedLock, type TurnLock } from '../../bot/turn-lock.js';
import type { Logger } from '../../util/log.js';
import { ConfigError } from '../config.js';
import { migrate } from './migrate.js';
import { PgStorage } from './pg-storage.js';
import { RedisTurnLock } from './redis-lock.js';

/** Where the state lives: files of this process, or PostgreSQL and Redis shared by every instance. */
export interface Stores {
  kind: 'embedded' | 'shared';
  storage: Storage;
  lock: TurnLock;
  /** deletes expired conversations (hourly) */
  sweep(): Promise<number>;
  /** the shared clients, for other shared stores (null when embedded) */
  pool: pg.Pool | null;
  redis: SharedRedis | null;
  close(): Promise<void>;
}

export interface StoreEnv {
  DATABASE_URL?: string;
  REDIS_URL?: string;
}

/**
 * Picks the stores from the environment: both DATABASE_URL and REDIS_URL set → shared (migrations run
 * first); neither → the embedded lowdb files under dataDir; one without the other stops start-up, since
 * state shared without a shared lock (or the reverse) loses turns between instances.
 */
export async function openStores(env: StoreEnv, dataDir: string, ttlMs: number, log: Logger): Promise<Stores> {
  const db = env.DATABASE_URL?.trim() || undefined;
  const rd = env.REDIS_URL?.trim() || undefined;
  if (!db && !rd) {
    const storage = new LowdbStorage({ dir: join(dataDir, 'state'), ttlMs });
    return { kind: 'embedded', storage, lock: new KeyedLock(), sweep: () => storage.sweep(), pool: null, redis: null, close: async () => undefined };
  }
  if (!db || !rd) {
    throw new ConfigError(`共享存储需要同时设置 DATABASE_URL 和 REDIS_URL（现在缺 ${db ? 'REDIS_URL' : 'DATABASE_URL'}）；两个都不设则使用本机文件存储。`);
  }
  const pool = new pg.Pool({ connectionString: db, max: 10 });
  // an idle client's error (database restarted) must not end the process; the next query reconnects
  pool.on('error', (e) => log.warn({ err: e }, 'postgres client error'));
  const redis = connectRedis(rd);
  redis.on('error', (e: unknown) => log.warn({ err: e }, 'redis client error'));
  try {
    await redis.connect();
    const applied = await migrate(pool);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (redis.isOpen) await redis.quit().catch(() => undefined);
    throw new ConfigError(`连不上共享存储（DATABASE_URL / REDIS_URL）：${(e as Error).message}`);
  }
  const storage = new PgStorage(pool, ttlMs);
  return {
    kind: 'shared',
    storage,
    lock: new RedisTurnLock(redis),
    sweep: () => storage.sweep(),
    pool,
    redis,
    close: async () => {
      await redis.quit().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
