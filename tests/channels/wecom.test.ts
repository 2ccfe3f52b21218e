import { afterEach, describe, expect, it } from 'vitest';
import { sign, WeixinCrypt } from '../../src/channels/weixin/crypto.js';
import {
  AES_KEY,
  closeStarted,
  started,
  ChoicesBot,
  CORP_ID,
  EchoBot,
  FakeWeixinApi,
  post,
  replyContent,
  runner,
  SlowBot,
  startRig,
  textXml,
  TOKEN,
  type Rig,
} from './helpers.js';

afterEach(closeStarted);
let rig: Rig;
let api: FakeWeixinApi;

const USER = 'ZhangSan';
const env = (extra: Record<string, string> = {}) => ({
  WECHAT_TOKEN: 'wechatOnlyToken',
  WECOM_TOKEN: TOKEN,
  WECOM_CORP_ID: CORP_ID,
  WECOM_ENCODING_AES_KEY: AES_KEY,
  ...extra,
});
const crypt = new WeixinCrypt(AES_KEY, CORP_ID);

function signed(encrypt: string, receive = crypt): URLSearchParams {
  void receive;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `wecom${Math.random().toString(36).slice(2)}`;
  return new URLSearchParams({ msg_signature: sign(TOKEN, timestamp, nonce, encrypt), timestamp, nonce });
}

async function send(r: Rig, text: string, c = crypt): Promise<{ status: number; text: string }> {
  const encrypt = c.encrypt(textXml(text, { ToUserName: CORP_ID, FromUserName: USER, AgentID: '1000002' }));
  return post(
    `${r.url}/wecom?${signed(encrypt)}`,
    `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  );
}

describe('企业微信 callback', () => {
  it('verifies the URL by decrypting echostr; refuses a bad signature', async () => {
    rig = started.rig = await startRig(runner(new EchoBot()), env());
    const echostr = crypt.encrypt('1234567890echo');
    const q = signed(echostr);
    q.set('echostr', echostr);
    const ok = await fetch(`${rig.url}/wecom?${q}`);
    expect([ok.status, await ok.text()]).toEqual([200, '1234567890echo']);
    q.set('msg_signature', 'a'.repeat(40));
    expect((await fetch(`${rig.url}/wecom?${q}`)).status).toBe(401);
  });

  it('answers an encrypted message with an encrypted reply; refuses another corp and plain bodies', async () => {
    const bot = new EchoBot();
    rig = started.rig = await startRig(runner(bot), env());
    const r = await send(rig, '我要开公司');
    expect(r.status).toBe(200);
    expect(replyContent(r.text, CORP_ID)).toBe('你说：我要开公司');
    expect((await send(rig, '别家', new WeixinCrypt(AES_KEY, 'wwOTHERCORP000000'))).status).toBe(400);
    expect((await post(`${rig.url}/wecom?${signed('x')}`, textXml('明文'))).status).toBe(400);
    expect(bot.texts).toEqual(['我要开公司']);
  });

  it('numbers the choices as plain lines and maps a typed number back', async () => {
    rig = started.rig = await startRig(runner(new ChoicesBot()), env());
    const menu = replyContent((await send(rig, '菜单')).text, CORP_ID);
    expect(menu).toContain('1. 出生一件事\n2. 二手房交易一件事\n3. 企业开办一件事');
    expect(menu).not.toContain('<a ');
    expect(replyContent((await send(rig, '3')).text, CORP_ID)).toBe('好的：企业开办一件事');
  });

  it('a slow turn answers success and arrives later as an 应用消息 with gettoken', async () => {
    api = started.api = await new FakeWeixinApi().start();
    const bot = new SlowBot();
    rig = started.rig = await startRig(runner(bot), env({ WECOM_SECRET: 'corpsecret', WECOM_AGENT_ID: '1000002', WECOM_API_BASE: api.base }));
    expect((await send(rig, '慢事')).text).toBe('success');
    bot.release();
    await api.waitForSends(1);
    const [token] = api.tokenCalls();
    expect(token!.path).toBe('/cgi-bin/gettoken');
    expect([token!.query.get('corpid'), token!.query.get('corpsecret')]).toEqual([CORP_ID, 'corpsecret']);
    const [msg] = api.sends();
    expect(msg!.path).toBe('/cgi-bin/message/send');
    expect(msg!.query.get('access_token')).toBe('TOKEN-1');
    expect(msg!.body).toEqual({ touser: USER, msgtype: 'text', agentid: 1000002, text: { content: '慢慢办好了：慢事' } });
  });
});
