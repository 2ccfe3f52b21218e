import type { HandoverStore } from '../../bot/handovers.js';
import type { CounterStore } from '../console/rate-limit.js';
import type { Sessions } from '../console/sessions.js';
import type { Operators } from '../console/users.js';
import type { Stores } from './index.js';
import { PgSessionStore, PgUserStore } from './pg-console.js';
import { PgHandoverStore } from './pg-handovers.js';
import { RedisCounterStore } from './redis-counters.js';

export interface SharedConsole {
  handovers: HandoverStore;
  sessions: Sessions;
  users: Operators;
  counters: CounterStore;
}

/**
 * The console's records when instances share stores: operators, sessions and 转人工 requests in
 * PostgreSQL (durable: a restart of Redis must not sign anyone out or drop a waiting citizen), sign-in
 * failure counters in Redis (losing them only forgets recent failures). Undefined when embedded: the
 * console keeps its files under DATA_DIR.
 */
export function sharedConsole(
  stores: Pick<Stores, 'pool' | 'redis'> | null,
  o: { sessionHours: number; handoverKeepDays: number; now?: () => number },
): SharedConsole | undefined {
  if (!stores?.pool || !stores.redis) return undefined;
  return {
    handovers: new PgHandoverStore(stores.pool, o.handoverKeepDays),
    sessions: new PgSessionStore(stores.pool, o.sessionHours * 3_600_000, o.now),
    users: new PgUserStore(stores.pool),
    counters: new RedisCounterStore(stores.redis),
  };
}
