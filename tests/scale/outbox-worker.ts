/**
 * One instance's outbox worker and nothing else, for tests/scale/outbox-kill.test.ts to start as a child
 * process and kill with SIGKILL mid-job. Prints `ready`, then `delivered <id>` for each application it
 * marked delivered (what would tell the citizen), one per line.
 */
import pg from 'pg';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { PgOutbox } from '../../src/server/stores/pg-outbox.js';
import { makeKeyring, parseKey } from '../../src/util/crypto-at-rest.js';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, options: `-c search_path=${env.PG_SCHEMA}`, max: 3 });
const outbox = new PgOutbox({
  pool,
  client: new BackendClient({ baseUrl: env.BACKEND_URL!, secret: env.BACKEND_SECRET!, timeoutMs: 2000 }),
  ring: makeKeyring(parseKey(env.DATA_ENCRYPTION_KEY!)),
  retry: { baseMs: 50, maxMs: 200 },
  pollMs: 200,
  attemptTimeoutMs: 500,
  leaseMs: Number(env.LEASE_MS),
  listen: true,
  onDelivered: (app) => void process.stdout.write(`delivered ${app.id}\n`),
});
outbox.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => void outbox.stop().then(() => pool.end()));
