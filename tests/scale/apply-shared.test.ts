import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { applyAndSubmit, Client, fakeChannel, interviewToChecklist, removeDir, start, tempDir, type Said } from '../server/helpers.js';

/**
 * One citizen's conversation whose messages go to two instances in turn (as a proxy alternating requests
 * would send them), from the first question to the submitted application. The application goes through
 * the PostgreSQL outbox both instances share: its row ends delivered with the 受理编号 the citizen heard.
 */
const { DATABASE_URL, REDIS_URL } = process.env;
const missing = !DATABASE_URL ? 'DATABASE_URL' : !REDIS_URL ? 'REDIS_URL' : null;

/** a Bot Framework client whose every message goes to the next instance in turn */
class Alternating extends Client {
  private n = 0;
  constructor(
    private readonly urls: string[],
    conversationId: string,
    serviceUrl: string,
  ) {
    super(urls[0]!, conversationId, serviceUrl);
  }
  override post(body: unknown): Promise<Said> {
    this.url = this.urls[this.n++ % this.urls.length]!;
    return super.post(body);
  }
}

let a: Started;
let b: Started;
let pool: pg.Pool;
let channel: Awaited<ReturnType<typeof fakeChannel>>;
const dirs: string[] = [];

describe.skipIf(missing !== null)(`一表申报 across two instances (PostgreSQL + Redis)${missing ? ` — skipped: ${missing} is not set` : ''}`, () => {
  beforeAll(async () => {
    const env = { DATABASE_URL: DATABASE_URL!, REDIS_URL: REDIS_URL!, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    for (let i = 0; i < 2; i++) dirs.push(await tempDir('yjs-apply-shared-'));
    channel = await fakeChannel();
    a = await start(dirs[0]!, env);
    // one acceptance backend for both, as in production
    b = await start(dirs[1]!, { ...env, BACKEND_URL: a.backendUrl });
    pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  }, 60_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await pool?.end();
    await channel?.close();
    await Promise.all(dirs.map(removeDir));
  });

  it('the interview, the form and the submission, each message to the other instance, end in one case', async () => {
    const c = new Alternating([a.url, b.url], `apply-shared-${randomUUID()}`, channel.url);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(a, c);
    const rows = await pool.query<{ state: string; attempts: number; body: string | null }>(
      'SELECT state, attempts, body FROM outbox_jobs WHERE case_no = $1',
      [caseNo],
    );
    expect(rows.rows).toEqual([{ state: 'delivered', attempts: 1, body: null }]);
  }, 60_000);
});
