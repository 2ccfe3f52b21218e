import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKeyring } from '../../src/util/crypto-at-rest.js';
import { redisWeixinShared } from '../../src/server/stores/redis-weixin.js';
import { post, replyContent, runner, signedQuery, SlowBot, startRig, textXml, type Rig } from '../channels/helpers.js';

/**
 * Two instances of the WeChat channel (two servers, two bots) sharing only Redis: WeChat's retries of one
 * message, spread over both, run the turn once and all get its reply; a signature seen on one instance
 * cannot carry another body on the other.
 */
const { REDIS_URL } = process.env;
const rigs: Rig[] = [];
const clients: { quit(): Promise<unknown>; get(key: string): Promise<unknown> }[] = [];
afterAll(async () => {
  await Promise.all(rigs.map((r) => r.close()));
  await Promise.all(clients.map((c) => c.quit()));
});

const ring = makeKeyring(randomBytes(32));
async function instance(bot: SlowBot): Promise<Rig> {
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  clients.push(redis);
  const rig = await startRig(runner(bot), { WECHAT_REPLY_DEADLINE_MS: '4500' }, undefined, redisWeixinShared(redis as never, ring));
  rigs.push(rig);
  return rig;
}

describe.skipIf(!REDIS_URL)(`WeChat retries across instances (Redis)${REDIS_URL ? '' : ' — skipped: REDIS_URL is not set'}`, () => {
  it('retries reaching both instances run the turn once and all get the same reply', async () => {
    const [botA, botB] = [new SlowBot(), new SlowBot()];
    const [a, b] = [await instance(botA), await instance(botB)];
    const xml = textXml('跨实例重试', { MsgId: `${Date.now()}${Math.floor(Math.random() * 1e6)}` });
    const send = (r: Rig) => post(`${r.url}/wechat?${signedQuery()}`, xml);
    const pending = [send(a), send(b), send(a), send(b)];
    await new Promise((r) => setTimeout(r, 200));
    botA.release();
    botB.release();
    const replies = (await Promise.all(pending)).map((r) => replyContent(r.text));
    expect(replies).toEqual(replies.map(() => '慢慢办好了：跨实例重试'));
    expect(botA.runs + botB.runs).toBe(1);
    // a later retry on the instance that did not answer finds the stored reply
    const idle = botA.runs === 0 ? a : b;
    expect(replyContent((await send(idle)).text)).toBe('慢慢办好了：跨实例重试');
    expect(botA.runs + botB.runs).toBe(1);
  });

  it('a signature used on one instance is refused with another body on the other', async () => {
    const [a, b] = [await instance(new SlowBot()), await instance(new SlowBot())];
    const q = signedQuery();
    const first = textXml('第一条');
    // the first request binds the signature (its turn may wait on the gate; the binding happens before)
    void post(`${a.url}/wechat?${q}`, first);
    await new Promise((r) => setTimeout(r, 200));
    const replayed = await post(`${b.url}/wechat?${q}`, textXml('换了内容'));
    expect(replayed.status).toBe(401);
    expect(replayed.text).toContain('签名已用于另一请求');
    // bound in Redis, not only in this test process's memory (both rigs live in one process)
    expect(await clients[0]!.get(`wx:sig:${q.get('signature')}`)).toMatch(/^\/wechat\n[0-9a-f]{64}$/);
  });
});
