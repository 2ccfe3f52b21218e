import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { CSRF_HEADER } from '../../src/server/console/auth.js';
import { knowledge, tempDir } from '../server/helpers.js';
import { removeDir, signIn, startRig, type Rig } from './rig.js';

/**
 * A 转人工 request whose conversation was sealed under a key this instance does not have (the key was
 * changed without keeping the old one) is listed without its transcript; the other requests still show.
 * Before, one such record made the whole list answer 500 and hid every waiting citizen.
 */
let dir: string;
const rigs: Rig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.stop();
  await removeDir(dir);
});

const asksForPerson = async (rig: Rig, id: string) => {
  const c = new InProcessAdapter(id, `user-${id}`, 'terminal');
  await c.say((x) => rig.app.bot.run(x), '我要卖房');
  await c.say((x) => rig.app.bot.run(x), '转人工');
};

it('lists every request when one conversation cannot be opened with the configured key', async () => {
  const { k, nlu } = await knowledge();
  dir = await tempDir('yjs-handover-keys-');
  const env = (key: string) => ({ DATA_ENCRYPTION_KEY: key, HANDOVER_WORK_HOURS: '1-7 00:00-24:00' });
  const before = await startRig({ k, nlu, dir, env: env(randomBytes(32).toString('base64')) });
  rigs.push(before);
  await asksForPerson(before, 'sealed-before');
  await before.stop();
  rigs.pop();

  const after = await startRig({ k, nlu, dir, env: env(randomBytes(32).toString('base64')) });
  rigs.push(after);
  await asksForPerson(after, 'sealed-after');
  await after.users.set('wang', 'hotline-pass-1');
  const { cookie } = await signIn(after.url, 'wang', 'hotline-pass-1');
  const res = await fetch(`${after.url}/console/api/handovers`, { headers: { cookie, [CSRF_HEADER]: '1' } });
  expect(res.status).toBe(200);
  const list = ((await res.json()) as { handovers: { conversationId: string; transcript: unknown[] }[] }).handovers;
  expect(list.find((h) => h.conversationId === 'sealed-before')?.transcript).toEqual([]);
  expect(list.find((h) => h.conversationId === 'sealed-after')?.transcript.length).toBeGreaterThan(0);
}, 60_000);
