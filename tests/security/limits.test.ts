import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { APP_ID, OPENID, TOKEN, replyContent, signedQuery, textXml } from '../channels/helpers.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';
import { raw } from './helpers.js';

/**
 * The per-user rate limit and the cap on new conversations per address, over real HTTP on loopback.
 * TRUST_PROXY=1 makes loopback requests count as public traffic (a proxy on this machine), so the
 * limits that spare the machine's own scripts apply here as they would to citizens.
 */
const USER_PER_MINUTE = 4;
const NEW_PER_HOUR = 3;
let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-limits-');
  s = await start(dir, {
    TRUST_PROXY: '1',
    RATE_LIMIT_USER_PER_MINUTE: String(USER_PER_MINUTE),
    NEW_CONVERSATIONS_PER_HOUR: String(NEW_PER_HOUR),
    RATE_LIMIT_PER_MINUTE: '6000',
    WECHAT_TOKEN: TOKEN,
    WECHAT_APP_ID: APP_ID,
  });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

/** One 公众号 message from `openid`, as forwarded by a proxy for WeChat's server address. */
async function wechat(text: string, openid: string, from = '101.226.103.10'): Promise<string> {
  const r = await raw(s.url, {
    method: 'POST',
    path: `/wechat?${signedQuery()}`,
    headers: { 'Content-Type': 'text/xml', 'X-Forwarded-For': from },
    body: textXml(text, { FromUserName: openid }),
  });
  expect(r.status).toBe(200);
  return replyContent(r.text);
}

describe('per-user rate limit', () => {
  it('a WeChat user sending faster than the limit is asked to slow down; another user behind the same servers is not', async () => {
    const said: string[] = [];
    for (let i = 0; i < USER_PER_MINUTE + 3; i++) said.push(await wechat(`你好${i}`, `${OPENID}_fast`));
    const slowed = said.filter((t) => t.includes('发消息太快'));
    // the bucket holds USER_PER_MINUTE; refills at USER_PER_MINUTE/60 per second (at most one in this loop)
    expect(said.slice(0, USER_PER_MINUTE).some((t) => t.includes('发消息太快'))).toBe(false);
    expect(slowed.length).toBeGreaterThanOrEqual(2);
    // WeChat's servers carry every citizen from a few addresses: the limit is the user's, not the address's
    expect(await wechat('你好', `${OPENID}_calm`)).not.toContain('发消息太快');
  });

  it('on /api/messages a user past the limit is asked to slow down in Chinese, with 200 (the turn is answered, not run)', async () => {
    const texts: string[] = [];
    for (let i = 0; i < USER_PER_MINUTE + 2; i++) {
      const c = new Client(s.url, 'limit-user');
      // one conversation, so the new-conversation cap is not what answers
      const r = await c.post(c.activity({ text: `你好${i}`, from: { id: 'one-person', name: '市民' } }));
      expect(r.status).toBe(200);
      texts.push(r.texts.join('\n'));
    }
    expect(texts.slice(0, USER_PER_MINUTE).some((t) => t.includes('发消息太快'))).toBe(false);
    expect(texts.slice(USER_PER_MINUTE).every((t) => t.includes('发消息太快'))).toBe(true);
  });
});

describe('new conversations per address', () => {
  it('an address starting more conversations than the cap gets 429 in Chinese; its existing conversations go on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < NEW_PER_HOUR + 2; i++) {
      const r = await new Client(s.url, `fresh-${i}`).say('你好');
      statuses.push(r.status);
    }
    // limit-user (above) already counts as one of this address's conversations in the window
    expect(statuses.filter((x) => x === 200).length).toBe(NEW_PER_HOUR - 1);
    expect(statuses.slice(NEW_PER_HOUR - 1).every((x) => x === 429)).toBe(true);
    const refused = await raw(s.url, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(new Client(s.url, 'fresh-late').activity({ text: '你好' })),
    });
    expect(refused.status).toBe(429);
    expect(refused.json().error).toContain('新开的咨询太多');
    // a conversation started before the cap was reached still answers
    expect((await new Client(s.url, 'fresh-0').say('你好')).status).toBe(200);
  });
});
