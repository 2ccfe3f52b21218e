import { afterEach, describe, expect, it } from 'vitest';
import { STILL_WORKING } from '../../src/channels/weixin/adapter.js';
import { byteLength, MAX_TEXT_BYTES, MORE_HINT, splitBytes } from '../../src/channels/weixin/render.js';
import {
  APP_ID,
  closeStarted,
  started,
  ChoicesBot,
  EchoBot,
  encryptedPost,
  eventXml,
  FakeWeixinApi,
  LongBot,
  OPENID,
  post,
  replyContent,
  runner,
  SECURE,
  signedQuery,
  SlowBot,
  startRig,
  textXml,
  type Rig,
} from './helpers.js';

afterEach(closeStarted);
let rig: Rig;
let api: FakeWeixinApi;

const withApi = async () => {
  api = started.api = await new FakeWeixinApi().start();
  return { WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: api.base };
};
const plain = (r: Rig, xml: string) => post(`${r.url}/wechat?${signedQuery()}`, xml);
const say = async (r: Rig, text: string) => replyContent((await plain(r, textXml(text))).text);

describe('公众号 verification', () => {
  it('answers the echostr when the signature matches, 401 otherwise', async () => {
    rig = started.rig = await startRig(runner(new EchoBot()));
    const q = signedQuery();
    q.set('echostr', 'hello-echo');
    const ok = await fetch(`${rig.url}/wechat?${q}`);
    expect([ok.status, await ok.text()]).toEqual([200, 'hello-echo']);
    q.set('signature', '0'.repeat(40));
    expect((await fetch(`${rig.url}/wechat?${q}`)).status).toBe(401);
    expect((await fetch(`${rig.url}/wechat?echostr=x`)).status).toBe(401);
  });
});

describe('公众号 messages in the three modes', () => {
  it('plain: the passive reply carries the bot text back to the sender', async () => {
    const bot = new EchoBot();
    rig = started.rig = await startRig(runner(bot));
    const r = await plain(rig, textXml('我要卖房'));
    expect(r.status).toBe(200);
    expect(r.text).toContain(`<ToUserName><![CDATA[${OPENID}]]></ToUserName>`);
    expect(r.text).toContain('<FromUserName><![CDATA[gh_account]]></FromUserName>');
    expect(replyContent(r.text)).toBe('你说：我要卖房');
  });

  it('encrypted and compatible: decrypted, answered, and the reply encrypted and signed', async () => {
    const bot = new EchoBot();
    rig = started.rig = await startRig(runner(bot), SECURE);
    for (const compat of [false, true]) {
      const { query, body } = encryptedPost(textXml(compat ? '兼容模式' : '安全模式'), APP_ID, compat);
      const r = await post(`${rig.url}/wechat?${query}`, body);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<Encrypt>');
      expect(replyContent(r.text)).toBe(`你说：${compat ? '兼容模式' : '安全模式'}`);
    }
  });
});

describe('公众号 bad input', () => {
  it('refuses forged, broken and hostile requests without running the bot or crashing', async () => {
    const bot = new EchoBot();
    rig = started.rig = await startRig(runner(bot), SECURE);
    const url = `${rig.url}/wechat`;
    const forged = signedQuery();
    forged.set('signature', 'f'.repeat(40));
    expect((await post(`${url}?${forged}`, textXml('伪造'))).status).toBe(401);
    expect((await post(url, textXml('没有签名'))).status).toBe(401);

    const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>gh</ToUserName><FromUserName>${OPENID}</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>`;
    const bomb = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>`;
    for (const body of [xxe, bomb, '<xml><Content>未闭合</xml>', 'not xml at all', '']) {
      const r = await plain(rig, body);
      expect(r.status, body).toBe(400);
    }

    const { query, body } = encryptedPost(textXml('安全模式'));
    const badMsgSig = new URLSearchParams(query);
    badMsgSig.set('msg_signature', '1'.repeat(40));
    expect((await post(`${url}?${badMsgSig}`, body)).status).toBe(401);
    const otherApp = encryptedPost(textXml('别人的'), 'wxOTHERAPPID000000');
    expect((await post(`${url}?${otherApp.query}`, otherApp.body)).status).toBe(400);
    // signed correctly over a ciphertext that is not one
    const broken = encryptedPost(textXml('x'));
    const junk = `AAAA${broken.body.match(/<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/)![1]!.slice(4, 40)}`;
    const q = new URLSearchParams(broken.query);
    const { sign } = await import('../../src/channels/weixin/crypto.js');
    q.set('msg_signature', sign('testtoken123', q.get('timestamp')!, q.get('nonce')!, junk));
    expect((await post(`${url}?${q}`, `<xml><Encrypt><![CDATA[${junk}]]></Encrypt></xml>`)).status).toBe(400);

    const huge = await post(`${url}?${signedQuery()}`, textXml('长'.repeat(100_000)));
    expect(huge.status).toBe(413);

    expect(bot.texts).toEqual([]);
    const still = encryptedPost(textXml('还在吗'));
    expect(replyContent((await post(`${url}?${still.query}`, still.body)).text)).toBe('你说：还在吗');
  });
});

describe('公众号 message types and menu events', () => {
  it('voice, subscribe, CLICK and other types', async () => {
    const bot = new EchoBot();
    rig = started.rig = await startRig(runner(bot));
    const voice = (rec: string) => textXml('', { MsgType: 'voice', MediaId: 'm1', Format: 'amr', Recognition: rec });
    expect(replyContent((await plain(rig, voice('我要办出生一件事。'))).text)).toBe('你说：我要办出生一件事');
    expect(replyContent((await plain(rig, voice(''))).text)).toContain('暂时无法识别语音');
    expect(replyContent((await plain(rig, eventXml('subscribe'))).text)).toContain('导办助手');
    expect(replyContent((await plain(rig, eventXml('CLICK', 'BUNDLE_second-hand-house'))).text)).toBe('你说：二手房交易一件事');
    expect(replyContent((await plain(rig, eventXml('CLICK', 'BUNDLE_birth'))).text)).toBe('你说：出生一件事');
    expect(replyContent((await plain(rig, eventXml('CLICK', 'PROGRESS'))).text)).toBe('你说：我的申请到哪了');
    expect(replyContent((await plain(rig, eventXml('CLICK', 'HELP'))).text)).toBe('你说：帮助');
    expect(replyContent((await plain(rig, textXml('', { MsgType: 'image', PicUrl: 'http://x/1.jpg', MediaId: 'm' }))).text)).toContain('只能看懂文字和语音');
    const unsub = await plain(rig, eventXml('unsubscribe'));
    expect(unsub.text).toBe('success');
  });
});

describe('公众号 choices', () => {
  it('renders numbered bizmsgmenu links, and a typed number picks that choice', async () => {
    const bot = new ChoicesBot();
    rig = started.rig = await startRig(runner(bot));
    const menu = await say(rig, '菜单');
    expect(menu).toContain('请选择要办的事：');
    expect(menu).toContain('1. <a href="weixin://bizmsgmenu?msgmenucontent=出生一件事&msgmenuid=1">出生一件事</a>');
    expect(menu).toContain('2. <a href="weixin://bizmsgmenu?msgmenucontent=二手房交易一件事&msgmenuid=2">二手房交易一件事</a>');
    expect(await say(rig, '2')).toBe('好的：二手房交易一件事');
    // no choices on offer any more: a number is just a number
    expect(await say(rig, '2')).toBe('好的：2');
  });
});

describe('公众号 long replies', () => {
  const whole = LongBot.lines.join('\n');
  const squash = (s: string) => s.replace(/\s+/g, '');

  it('with credentials: the first 2048 bytes in the reply, the rest through 客服消息', async () => {
    rig = started.rig = await startRig(runner(new LongBot()), await withApi());
    const first = await say(rig, '清单');
    expect(byteLength(first)).toBeLessThanOrEqual(2048);
    const said = `${LongBot.lines.slice(0, 60).join('\n')}\n\n${LongBot.lines.slice(60).join('\n')}`;
    await api.waitForSends(splitBytes(said, MAX_TEXT_BYTES).length - 1);
    const sent = api.sends().map((c) => c.body as { touser: string; msgtype: string; text: { content: string } });
    sent.forEach((s) => {
      expect(s.touser).toBe(OPENID);
      expect(byteLength(s.text.content)).toBeLessThanOrEqual(2048);
    });
    expect(squash(first + sent.map((s) => s.text.content).join(''))).toBe(squash(whole));
  });

  it('without credentials: each part invites 「继续」, which returns the next', async () => {
    rig = started.rig = await startRig(runner(new LongBot()));
    const parts = [await say(rig, '清单')];
    while (parts.at(-1)!.endsWith(MORE_HINT)) parts.push(await say(rig, '继续'));
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p) => {
      expect(byteLength(p)).toBeLessThanOrEqual(2048);
    });
    expect(squash(parts.map((p) => p.replace(MORE_HINT, '')).join(''))).toBe(squash(whole));
  });
});

describe('公众号 5-second limit and retries', () => {
  it('a slow turn answers success, then the result arrives through 客服消息', async () => {
    const bot = new SlowBot();
    rig = started.rig = await startRig(runner(bot), await withApi());
    const r = await plain(rig, textXml('慢事'));
    expect(r.text).toBe('success');
    expect(api.sends()).toHaveLength(0);
    bot.release();
    await api.waitForSends(1);
    expect(api.sends()[0]!.body).toEqual({ touser: OPENID, msgtype: 'text', text: { content: '慢慢办好了：慢事' } });
  });

  it('without credentials a slow turn says so, and 「继续」 fetches the result once it is ready', async () => {
    const bot = new SlowBot();
    rig = started.rig = await startRig(runner(bot));
    expect(await say(rig, '慢事')).toBe(STILL_WORKING);
    // 「继续」 waits behind the running turn, so it is answered with the result whatever the timing
    const next = say(rig, '继续');
    setTimeout(() => bot.release(), 50);
    expect(await next).toBe('慢慢办好了：慢事');
    expect(bot.runs).toBe(1);
  });

  it('concurrent retries of one MsgId run the turn once and all get the same reply', async () => {
    const bot = new SlowBot();
    rig = started.rig = await startRig(runner(bot), { WECHAT_REPLY_DEADLINE_MS: '4500' });
    const xml = textXml('重试', { MsgId: '99887766554433' });
    const pending = [1, 2, 3].map(() => plain(rig, xml));
    // the gate opens only after all three are in: the first is still running when the others arrive
    await new Promise((r) => setTimeout(r, 100));
    bot.release();
    const replies = (await Promise.all(pending)).map((r) => replyContent(r.text));
    expect(replies).toEqual(['慢慢办好了：重试', '慢慢办好了：重试', '慢慢办好了：重试']);
    expect(replyContent((await plain(rig, xml)).text)).toBe('慢慢办好了：重试');
    expect(bot.runs).toBe(1);
  });

  it('event retries (same sender and CreateTime) greet once', async () => {
    const bot = new EchoBot();
    let greetings = 0;
    bot.onMembersAdded(async (_c, next) => {
      greetings++;
      await next();
    });
    rig = started.rig = await startRig(runner(bot));
    const ev = eventXml('subscribe', '', { CreateTime: '1700001234' });
    const replies = await Promise.all([plain(rig, ev), plain(rig, ev)]);
    expect(replies.map((r) => replyContent(r.text))).toEqual(replies.map(() => '您好，我是一件事一次办导办助手。'));
    expect(greetings).toBe(1);
  });
});
