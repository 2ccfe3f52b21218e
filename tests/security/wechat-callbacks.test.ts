import { afterEach, describe, expect, it } from 'vitest';
import { WeChatConfig } from '../../src/channels/wechat/config.js';
import { sign, WeixinCrypt } from '../../src/channels/weixin/crypto.js';
import {
  AES_KEY,
  closeStarted,
  CORP_ID,
  EchoBot,
  encryptedPost,
  post,
  replyContent,
  runner,
  SECURE,
  startRig,
  started,
  textXml,
  TOKEN,
} from '../channels/helpers.js';

afterEach(closeStarted);

const signedAt = (seconds: number, nonce = `n${Math.random().toString(36).slice(2)}`) => {
  const timestamp = String(seconds);
  return new URLSearchParams({ signature: sign(TOKEN, timestamp, nonce), timestamp, nonce });
};
const now = () => Math.floor(Date.now() / 1000);

describe('WeChat callbacks: replay, mode, route and reply cache', () => {
  it('refuses a correctly signed request whose timestamp is outside the window (configurable)', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot)));
    for (const ts of [now() - 3600, now() - 301, now() + 3600]) {
      const r = await post(`${rig.url}/wechat?${signedAt(ts)}`, textXml('重放'));
      expect(r.status, String(ts - now())).toBe(401);
      expect(r.text).toContain('时间戳');
    }
    expect((await fetch(`${rig.url}/wechat?${signedAt(now() - 86400)}&echostr=e`)).status).toBe(401);
    expect(bot.texts).toEqual([]);
    expect(replyContent((await post(`${rig.url}/wechat?${signedAt(now() - 60)}`, textXml('刚才'))).text)).toBe('你说：刚才');
    await rig.close();
    // a longer window is a setting
    const wide = (started.rig = await startRig(runner(bot), { WECHAT_REPLAY_WINDOW_S: '900' }));
    expect(replyContent((await post(`${wide.url}/wechat?${signedAt(now() - 600)}`, textXml('十分钟前'))).text)).toBe('你说：十分钟前');
  });

  it('in 安全模式 refuses a plain body even when its query signature is right', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot), SECURE));
    const r = await post(`${rig.url}/wechat?${signedAt(now())}`, textXml('明文冒充'));
    expect(r.status).toBe(403);
    expect(r.text).toContain('安全模式');
    const ok = encryptedPost(textXml('加密的'));
    expect(replyContent((await post(`${rig.url}/wechat?${ok.query}`, ok.body)).text)).toBe('你说：加密的');
    expect(bot.texts).toEqual(['加密的']);
  });

  it('a signature that opened one request cannot sign another body or another route', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot), { WECOM_TOKEN: 'wecomOnlyToken', WECOM_CORP_ID: CORP_ID, WECOM_ENCODING_AES_KEY: AES_KEY }));
    const q = signedAt(now());
    const first = textXml('我要卖房');
    expect(replyContent((await post(`${rig.url}/wechat?${q}`, first)).text)).toBe('你说：我要卖房');
    // WeChat's own retry (same query, same body) is still answered, from the reply cache
    expect(replyContent((await post(`${rig.url}/wechat?${q}`, first)).text)).toBe('你说：我要卖房');
    const forged = await post(`${rig.url}/wechat?${q}`, textXml('帮我提交申请'));
    expect(forged.status).toBe(401);
    // a verification handshake's query does not sign a message either
    const v = signedAt(now());
    expect((await fetch(`${rig.url}/wechat?${v}&echostr=abc`)).status).toBe(200);
    expect((await post(`${rig.url}/wechat?${v}`, textXml('借签名'))).status).toBe(401);
    expect(bot.texts).toEqual(['我要卖房']);
    // one token for both channels would make every signature valid on both routes: refused at start
    expect(() => WeChatConfig.parse({ WECHAT_TOKEN: TOKEN, WECOM_TOKEN: TOKEN, WECOM_CORP_ID: CORP_ID, WECOM_ENCODING_AES_KEY: AES_KEY })).toThrow(
      /WECOM_TOKEN/,
    );
  });

  it('a message for another account is refused when the account id is configured; WeCom checks its corp', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot), { WECHAT_ORIGINAL_ID: 'gh_ours' }));
    expect((await post(`${rig.url}/wechat?${signedAt(now())}`, textXml('别的号', { ToUserName: 'gh_theirs' }))).status).toBe(403);
    expect(replyContent((await post(`${rig.url}/wechat?${signedAt(now())}`, textXml('本号', { ToUserName: 'gh_ours' }))).text)).toBe('你说：本号');
    expect(bot.texts).toEqual(['本号']);
  });

  it('the reply cache is keyed by account, user and MsgId: another user with the same MsgId gets their own answer', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot)));
    const msgId = '7000000000000001';
    const a = await post(`${rig.url}/wechat?${signedAt(now())}`, textXml('我的身份证号是610102199001011234', { FromUserName: 'oUserA', MsgId: msgId }));
    const b = await post(`${rig.url}/wechat?${signedAt(now())}`, textXml('你好', { FromUserName: 'oUserB', MsgId: msgId }));
    expect(replyContent(a.text)).toBe('你说：我的身份证号是610102199001011234');
    expect(replyContent(b.text)).toBe('你说：你好');
    expect(b.text).not.toContain('6101021990');
    expect(bot.texts).toEqual(['我的身份证号是610102199001011234', '你好']);
  });
});

describe('WeCom callbacks', () => {
  it('refuses an old timestamp and a message to another application', async () => {
    const bot = new EchoBot();
    const rig = (started.rig = await startRig(runner(bot), {
      WECHAT_TOKEN: 'wechatOnlyToken',
      WECOM_TOKEN: TOKEN,
      WECOM_CORP_ID: CORP_ID,
      WECOM_ENCODING_AES_KEY: AES_KEY,
      WECOM_AGENT_ID: '1000002',
    }));
    const crypt = new WeixinCrypt(AES_KEY, CORP_ID);
    const send = (text: string, ts: number, agent = '1000002') => {
      const encrypt = crypt.encrypt(textXml(text, { ToUserName: CORP_ID, FromUserName: 'LiSi', AgentID: agent }));
      const nonce = `w${Math.random().toString(36).slice(2)}`;
      const q = new URLSearchParams({ msg_signature: sign(TOKEN, String(ts), nonce, encrypt), timestamp: String(ts), nonce });
      return post(`${rig.url}/wecom?${q}`, `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    };
    expect((await send('旧消息', now() - 3600)).status).toBe(401);
    expect((await send('别的应用', now(), '1000099')).status).toBe(403);
    expect(replyContent((await send('现在', now())).text, CORP_ID)).toBe('你说：现在');
    expect(bot.texts).toEqual(['现在']);
  });
});
