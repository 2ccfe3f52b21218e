import { ActivityHandler, ActionTypes, MemoryStorage, type Storage, type TurnContext } from 'botbuilder';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import restify from '../../src/util/restify.js';
import { WeChatConfig } from '../../src/channels/wechat/config.js';
import { registerWeChat, registerWeCom } from '../../src/channels/wechat/index.js';
import { sign, WeixinCrypt } from '../../src/channels/weixin/crypto.js';
import { parseMessageXml, type XmlFields } from '../../src/channels/weixin/xml.js';
import { silentLogger } from '../../src/util/log.js';
import type { WeixinShared } from '../../src/channels/weixin/shared.js';

export const TOKEN = 'testtoken123';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const APP_ID = 'wx1234567890abcdef';
export const CORP_ID = 'ww0011223344556677';
export const OPENID = 'oUser_abcdefghijklmnop';

/** Echoes text, greets on membersAdded, and counts its turns. */
export class EchoBot extends ActivityHandler {
  texts: string[] = [];
  constructor() {
    super();
    this.onMessage(async (c, next) => {
      this.texts.push(c.activity.text ?? '');
      await c.sendActivity(`你说：${c.activity.text}`);
      await next();
    });
    this.onMembersAdded(async (c, next) => {
      await c.sendActivity('您好，我是一件事一次办导办助手。');
      await next();
    });
  }
}

/** Offers three choices; answers with what was chosen. */
export class ChoicesBot extends ActivityHandler {
  texts: string[] = [];
  constructor() {
    super();
    this.onMessage(async (c, next) => {
      const t = c.activity.text ?? '';
      this.texts.push(t);
      if (t === '菜单') {
        await c.sendActivity({
          text: '请选择要办的事：',
          suggestedActions: {
            to: [],
            actions: ['出生一件事', '二手房交易一件事', '企业开办一件事'].map((v) => ({ type: ActionTypes.ImBack, title: v, value: v })),
          },
        });
      } else await c.sendActivity(`好的：${t}`);
      await next();
    });
  }
}

/** Waits for the test to open its gate before answering: a turn as slow as the test wants. */
export class SlowBot extends ActivityHandler {
  runs = 0;
  private open!: () => void;
  readonly gate = new Promise<void>((r) => (this.open = r));
  constructor() {
    super();
    this.onMessage(async (c, next) => {
      this.runs++;
      await this.gate;
      await c.sendActivity(`慢慢办好了：${c.activity.text}`);
      await next();
    });
  }
  release(): void {
    this.open();
  }
}

/** Three long messages: far over WeChat's 2048-byte limit. */
export class LongBot extends ActivityHandler {
  static readonly lines = Array.from({ length: 120 }, (_, i) => `第${i + 1}项：请携带身份证原件和复印件一份。`);
  constructor() {
    super();
    this.onMessage(async (c, next) => {
      await c.sendActivity(LongBot.lines.slice(0, 60).join('\n'));
      await c.sendActivity(LongBot.lines.slice(60).join('\n'));
      await next();
    });
  }
}

export interface ApiCall {
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** Stands in for api.weixin.qq.com / qyapi.weixin.qq.com on loopback. */
export class FakeWeixinApi {
  calls: ApiCall[] = [];
  /** answer the next N sends with 40001 (token revoked elsewhere) */
  rejectTokens = 0;
  /** tokens WeChat no longer accepts: any call made with one is answered 40001 */
  revoked = new Set<string>();
  /** answer the next N message sends with 45015 (the user wrote last more than 48 hours ago) */
  refuseSends = 0;
  private server!: HttpServer;
  private waiters: Array<{ n: number; ok: () => void }> = [];
  private tokenN = 0;
  base = '';

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = req.method === 'POST' ? JSON.parse(await readAll(req)) : undefined;
      this.calls.push({ path: url.pathname, query: url.searchParams, body });
      let out: unknown = { errcode: 0, errmsg: 'ok' };
      if (url.pathname === '/cgi-bin/token' || url.pathname === '/cgi-bin/gettoken' || url.pathname === '/cgi-bin/stable_token') {
        // a slow token endpoint, so concurrent callers really overlap
        await new Promise((r) => setTimeout(r, 50));
        out = { access_token: `TOKEN-${++this.tokenN}`, expires_in: 7200 };
      } else if (this.revoked.has(url.searchParams.get('access_token') ?? '')) {
        out = { errcode: 40001, errmsg: 'invalid credential' };
      } else if (this.rejectTokens > 0) {
        this.rejectTokens--;
        out = { errcode: 40001, errmsg: 'invalid credential' };
      } else if (this.refuseSends > 0 && url.pathname.startsWith('/cgi-bin/message/')) {
        this.refuseSends--;
        out = { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
      this.waiters = this.waiters.filter((w) => {
        if (this.sends().length < w.n) return true;
        w.ok();
        return false;
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  tokenCalls(): ApiCall[] {
    return this.calls.filter((c) => c.path.endsWith('token'));
  }

  sends(): ApiCall[] {
    return this.calls.filter((c) => c.path.startsWith('/cgi-bin/message/'));
  }

  /** Resolves once `n` messages have been sent successfully or not. */
  waitForSends(n: number): Promise<void> {
    if (this.sends().length >= n) return Promise.resolve();
    return new Promise((ok) => this.waiters.push({ n, ok }));
  }

  close(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((ok) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString('utf8')));
    req.on('end', () => ok(s));
  });
}

export interface Rig {
  url: string;
  storage: Storage;
  server: Server;
  wechat: NonNullable<ReturnType<typeof registerWeChat>>;
  wecom: ReturnType<typeof registerWeCom>;
  close: () => Promise<void>;
}

/** 安全模式: the account's EncodingAESKey configured, so plain bodies are refused. */
export const SECURE = { WECHAT_ENCODING_AES_KEY: AES_KEY };

/** A restify server on 127.0.0.1:0 with the channels registered around `bot` (公众号 in plain mode unless `SECURE`). */
export async function startRig(
  bot: { run(c: TurnContext): Promise<void> },
  env: Record<string, string> = {},
  storage: Storage = new MemoryStorage(),
  shared?: WeixinShared,
): Promise<Rig> {
  const config = WeChatConfig.parse({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_REPLY_DEADLINE_MS: '300', ...env });
  const server = restify.createServer();
  const wechat = registerWeChat(server, { bot, storage, config, logger: silentLogger, shared })!;
  const wecom = registerWeCom(server, { bot, storage, config, logger: silentLogger, shared });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, storage, server, wechat, wecom, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

let seq = 0;
/** A user's text message as WeChat posts it. */
export function textXml(content: string, over: Partial<Record<string, string>> = {}): string {
  const f: Record<string, string> = {
    ToUserName: 'gh_account',
    FromUserName: OPENID,
    CreateTime: '1700000000',
    MsgType: 'text',
    Content: content,
    MsgId: `${Date.now()}${++seq}`,
    ...over,
  };
  return `<xml>${Object.entries(f)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}</xml>`;
}

export function eventXml(event: string, key = '', over: Partial<Record<string, string>> = {}): string {
  return textXml('', { MsgType: 'event', Event: event, EventKey: key, MsgId: '', CreateTime: String(1700000000 + ++seq), ...over }).replace(
    /<MsgId><!\[CDATA\[\]\]><\/MsgId>|<Content><!\[CDATA\[\]\]><\/Content>/g,
    '',
  );
}

export function signedQuery(token = TOKEN, extra: Record<string, string> = {}): URLSearchParams {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `n${Math.random().toString(36).slice(2)}`;
  return new URLSearchParams({ signature: sign(token, timestamp, nonce), timestamp, nonce, ...extra });
}

/** 安全模式 (or, with `plainToo`, 兼容模式): the message encrypted, both signatures on the query. */
export function encryptedPost(xml: string, receiveId = APP_ID, plainToo = false): { query: URLSearchParams; body: string } {
  const crypt = new WeixinCrypt(AES_KEY, receiveId);
  const encrypt = crypt.encrypt(xml);
  const q = signedQuery();
  q.set('encrypt_type', 'aes');
  q.set('msg_signature', sign(TOKEN, q.get('timestamp')!, q.get('nonce')!, encrypt));
  const inner = plainToo ? xml.replace(/^<xml>|<\/xml>$/g, '') : '<ToUserName><![CDATA[gh_account]]></ToUserName>';
  return { query: q, body: `<xml>${inner}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
}

export async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  return { status: r.status, text: await r.text() };
}

/** The Content of a passive reply, decrypting (and checking the signature of) an encrypted one. */
export function replyContent(text: string, receiveId = APP_ID): string {
  let fields: XmlFields = parseMessageXml(text);
  if (fields.Encrypt) {
    const expected = sign(TOKEN, fields.TimeStamp!, fields.Nonce!, fields.Encrypt);
    if (expected !== fields.MsgSignature) throw new Error('reply signature does not match');
    fields = parseMessageXml(new WeixinCrypt(AES_KEY, receiveId).decrypt(fields.Encrypt));
  }
  return fields.Content ?? '';
}

/** The bot's run as the channel calls it. */
export const runner = (b: ActivityHandler) => ({ run: (c: TurnContext) => b.run(c) });

/** What a test started, closed after it by `closeStarted` (afterEach). */
export const started: { rig?: Rig; api?: FakeWeixinApi } = {};
export async function closeStarted(): Promise<void> {
  await started.rig?.close();
  await started.api?.close();
  started.rig = started.api = undefined;
}
