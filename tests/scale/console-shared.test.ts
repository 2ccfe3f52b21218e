import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { CSRF_HEADER } from '../../src/server/console/auth.js';
import { openStores, type Stores } from '../../src/server/stores/index.js';
import { sharedConsole } from '../../src/server/stores/shared-console.js';
import type { Started } from '../../src/server/start.js';
import { silentLogger } from '../../src/util/log.js';
import { signIn } from '../console/rig.js';
import { removeDir, start, tempDir } from '../server/helpers.js';

/**
 * The hotline console served by two instances over one PostgreSQL and one Redis, as behind a proxy that
 * sends each request wherever it likes: a sign-in made through one is honoured by the other, a 转人工
 * request two operators press 接手 on at the same moment (one on each instance) goes to exactly one,
 * and a 续办 code issued on one is redeemed on the other exactly once, also when two citizens send it
 * to both instances at once.
 */
const { DATABASE_URL, REDIS_URL } = process.env;
const missing = !DATABASE_URL ? 'DATABASE_URL' : !REDIS_URL ? 'REDIS_URL' : null;

let a: Started;
let b: Started;
let stores: Stores;
const dirs: string[] = [];
const run = randomUUID().slice(0, 8);
const wang = `wang-${run}`;
const li = `li-${run}`;

describe.skipIf(missing !== null)(`the console on two instances (PostgreSQL + Redis)${missing ? ` — skipped: ${missing} is not set` : ''}`, () => {
  beforeAll(async () => {
    const env = {
      DATABASE_URL: DATABASE_URL!,
      REDIS_URL: REDIS_URL!,
      // one key for every run: the console lists every kept request, also those earlier runs left in the
      // database, and opens their conversations (in production all instances share one key as well)
      DATA_ENCRYPTION_KEY: createHash('sha256').update('tests/scale/console-shared').digest('base64'),
      HANDOVER_WORK_HOURS: '1-7 00:00-24:00',
    };
    for (let i = 0; i < 2; i++) dirs.push(await tempDir('yjs-console-shared-'));
    [a, b] = [await start(dirs[0]!, env), await start(dirs[1]!, env)];
    stores = await openStores({ DATABASE_URL, REDIS_URL }, '/nonexistent', 86_400_000, silentLogger);
    // as `npm run console:user` does with DATABASE_URL set: one account, known to every instance
    const users = sharedConsole(stores, { sessionHours: 8, handoverKeepDays: 30 })!.users;
    await users.set(wang, 'hotline-pass-1');
    await users.set(li, 'hotline-pass-2');
  }, 60_000);
  afterAll(async () => {
    await stores?.pool?.query('DELETE FROM handovers WHERE conversation_id LIKE $1', [`%-${run}-%`]);
    await a?.stop();
    await b?.stop();
    await stores?.close();
    await Promise.all(dirs.map(removeDir));
  });

  const api = (s: Started, cookie: string, path: string, body?: unknown) =>
    fetch(`${s.url}/console/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('a session opened on one instance is valid on the other, and signing out on that one ends it on both', async () => {
    const { status, cookie } = await signIn(a.url, wang, 'hotline-pass-1');
    expect(status).toBe(200);
    const me = await api(b, cookie, '/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: wang });
    // a file-only session store would have let B answer 401 here
    const out = await api(b, cookie, '/logout', {});
    expect(out.status).toBeLessThan(400);
    expect((await api(a, cookie, '/me')).status).toBe(401);
  });

  it('a 转人工 request made on one instance is seen on the other, and of two operators taking it at once on both, exactly one gets it', async () => {
    const ca = (await signIn(a.url, wang, 'hotline-pass-1')).cookie;
    const cb = (await signIn(b.url, li, 'hotline-pass-2')).cookie;
    const trials = 6;
    let won = 0;
    for (let t = 0; t < trials; t++) {
      const id = `shared-handover-${run}-${t}`;
      const citizen = new InProcessAdapter(id, `user-${id}`, 'terminal');
      // the citizen talks to instance A; the request must show on B's list
      await citizen.say((c) => a.app.bot.run(c), '我要卖房');
      await citizen.say((c) => a.app.bot.run(c), '转人工');
      const listed = (await (await api(b, cb, '/handovers')).json()) as { handovers: { conversationId: string; status: string }[] };
      expect(listed.handovers.find((h) => h.conversationId === id)?.status).toBe('waiting');

      const [ra, rb] = await Promise.all([api(a, ca, `/handovers/${id}/take`, {}), api(b, cb, `/handovers/${id}/take`, {})]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = ra.status === 409 ? ra : rb;
      expect(((await loser.json()) as { error: string }).error).toMatch(/已由 .+ 接手/);
      const holder = ra.status === 200 ? wang : li;
      const after = (await (await api(a, ca, '/handovers')).json()) as { handovers: { conversationId: string; status: string; takenBy?: string }[] };
      expect(after.handovers.find((h) => h.conversationId === id)).toMatchObject({ status: 'taken', takenBy: holder });
      won++;
    }
    console.log(`转人工 taken at the same moment on two instances: ${won} of ${trials} went to exactly one operator`);
  });

  it('a 续办 code issued on one instance is redeemed on the other exactly once, even when sent to both at once', async () => {
    const cookie = (await signIn(a.url, wang, 'hotline-pass-1')).cookie;
    const trials = 6;
    let once = 0;
    for (let t = 0; t < trials; t++) {
      const made = await api(a, cookie, '/handoff', { bundle: 'second-hand-house', answers: {} });
      expect(made.status).toBe(200);
      const { code } = (await made.json()) as { code: string };
      // two citizens (one on each instance) send the same code in the same instant
      const x = new InProcessAdapter(`redeem-x-${run}-${t}`, `ux-${run}-${t}`, 'terminal');
      const y = new InProcessAdapter(`redeem-y-${run}-${t}`, `uy-${run}-${t}`, 'terminal');
      const [sx, sy] = await Promise.all([x.say((c) => b.app.bot.run(c), `续办 ${code}`), y.say((c) => a.app.bot.run(c), `续办 ${code}`)]);
      const took = [sx, sy].filter((said) => said.some((r) => r.text?.includes('已接上热线工作人员为您填好的回答')));
      const refused = [sx, sy].filter((said) => said.some((r) => r.text?.includes('续办码无效或已过期')));
      expect(took).toHaveLength(1);
      expect(refused).toHaveLength(1);
      // and later, on either instance, it is spent
      const z = new InProcessAdapter(`redeem-z-${run}-${t}`, `uz-${run}-${t}`, 'terminal');
      expect((await z.say((c) => b.app.bot.run(c), `续办 ${code}`)).map((r) => r.text).join('')).toContain('续办码无效或已过期');
      once++;
    }
    console.log(`续办 codes sent to two instances at once: ${once} of ${trials} redeemed exactly once`);
  });

  it('wrong 续办 codes are counted across instances: five spread over both stop the conversation on either', async () => {
    const id = `guesser-${run}`;
    const guesser = new InProcessAdapter(id, `user-${id}`, 'terminal');
    const said: string[] = [];
    for (let i = 0; i < 6; i++) {
      const s = i % 2 === 0 ? a : b;
      const wrong = `续办 ${String(1_000_000_000 + (randomBytes(4).readUInt32BE(0) % 8_999_999_999))}`;
      said.push((await guesser.say((c) => s.app.bot.run(c), wrong)).map((r) => r.text).join(''));
    }
    // counted per instance, each would have seen three and let the sixth through
    expect(said.slice(0, 5).every((t) => t.includes('续办码无效或已过期'))).toBe(true);
    expect(said[5]).toContain('续办码输错次数太多');
  });
});
