import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKeyring } from '../../src/util/crypto-at-rest.js';
import { redisWeixinShared } from '../../src/server/stores/redis-weixin.js';
import { MemoryStorage } from 'botbuilder';
import { wechatApi } from '../../src/channels/wechat/adapter.js';
import { WeChatConfig } from '../../src/channels/wechat/config.js';
import { redisTokens } from '../../src/server/stores/redis-token.js';
import { FakeWeixinApi, OPENID, post, replyContent, runner, signedQuery, SlowBot, startRig, textXml, TOKEN, type Rig } from '../channels/helpers.js';

/**
 * Two instances of the WeChat channel (two servers, two bots) sharing only Redis: WeChat's retries of one
 * message, spread over both, run the turn once and all get its reply; a signature seen on one instance
 * cannot carry another body on the other; one access_token refresh serves every instance.
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

describe.skipIf(!REDIS_URL)(`the access_token across instances (Redis)${REDIS_URL ? '' : ' — skipped: REDIS_URL is not set'}`, () => {
  it('a stampede of callers on five instances makes one refresh; a refused token is refreshed once, forced', async () => {
    const api = await new FakeWeixinApi().start();
    try {
      // an account of its own, so a token cached in Redis by an earlier run is not found
      const config = WeChatConfig.parse({
        WECHAT_TOKEN: TOKEN,
        WECHAT_APP_ID: `wx${randomBytes(8).toString('hex')}`,
        WECHAT_APP_SECRET: 'secret',
        WECHAT_API_BASE: api.base,
      });
      const instances = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const redis = createClient({ url: REDIS_URL });
          await redis.connect();
          clients.push(redis);
          return wechatApi(config, new MemoryStorage(), undefined, redisTokens(redis as never))!;
        }),
      );
      const send = (i: number) =>
        instances[i % instances.length]!.post('/cgi-bin/message/custom/send', { touser: OPENID, msgtype: 'text', text: { content: `通知${i}` } });
      await Promise.all(Array.from({ length: 50 }, (_, i) => send(i)));
      expect(api.tokenCalls()).toHaveLength(1);
      expect(api.sends()).toHaveLength(50);
      expect(new Set(api.sends().map((c) => c.query.get('access_token')))).toEqual(new Set(['TOKEN-1']));

      // the token is revoked: every instance hears 40001 at once, one of them refreshes (forced), all retry
      api.revoked.add('TOKEN-1');
      await Promise.all(Array.from({ length: 10 }, (_, i) => send(i)));
      const tokenCalls = api.tokenCalls();
      expect(tokenCalls).toHaveLength(2);
      expect(tokenCalls[1]!.body).toMatchObject({ force_refresh: true });
      expect(
        api
          .sends()
          .slice(50)
          .filter((c) => c.query.get('access_token') === 'TOKEN-2'),
      ).toHaveLength(10);
    } finally {
      await api.close();
    }
  });
});
