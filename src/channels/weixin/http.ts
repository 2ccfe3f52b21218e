import type { Storage, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../util/log.js';
import type { WeixinAdapter } from './adapter.js';
import { textReplyXml, type XmlFields } from './xml.js';
import type { WeixinShared } from './shared.js';

/** Real messages are well under 4 KB; anything far larger is not from WeChat. */
export const MAX_BODY_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An opened POST: the message, and how to seal a reply the way the request came (plain or encrypted). */
export interface Opened {
  msg: XmlFields;
  seal: (xml: string) => string;
}

/** The channel's security: verification handshake, and checking + decrypting a message. */
export interface Callback {
  verify(query: URLSearchParams): Promise<string>;
  open(query: URLSearchParams, raw: string): Promise<Opened>;
}

export interface ChannelDeps {
  bot: { run(ctx: TurnContext): Promise<void> };
  storage: Storage;
  logger: Logger;
  fetchImpl?: typeof fetch;
  /** reply cache, replay registry (and token store) shared by the instances; this process's own when absent */
  shared?: WeixinShared;
}

function readBody(req: Request, max: number): Promise<string> {
  return new Promise((ok, fail) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return fail(new HttpError(413, '请求体过大'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    // read to the end even when too large, so the client hears 413 instead of a reset connection
    req.on('end', () => (size > max ? fail(new HttpError(413, '请求体过大')) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', fail);
  });
}

function send(res: Response, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** GET and POST on `path`: every rejection is a status and a Chinese line, and touches nothing. */
export function registerCallback(server: Server, path: string, callback: Callback, adapter: WeixinAdapter, deps: ChannelDeps): void {
  const query = (req: Request) => new URL(req.url ?? '/', 'http://localhost').searchParams;
  const refuse = (res: Response, e: unknown, what: string) => {
    const status = e instanceof HttpError ? e.status : 500;
    deps.logger.warn({ path, status, reason: (e as Error).message }, `${what} refused`);
    send(res, status, e instanceof HttpError ? e.message : '服务暂时不可用');
  };

  server.get(path, async (req: Request, res: Response) => {
    try {
      send(res, 200, await callback.verify(query(req)));
    } catch (e) {
      refuse(res, e, 'verification');
    }
  });

  server.post(path, async (req: Request, res: Response) => {
    let opened: Opened;
    try {
      opened = await callback.open(query(req), await readBody(req, MAX_BODY_BYTES));
    } catch (e) {
      return refuse(res, e, 'callback');
    }
    const { msg } = opened;
    try {
      const handled = await adapter.handle(msg, (ctx) => deps.bot.run(ctx));
      if (handled.content === null) send(res, 200, 'success');
      else send(res, 200, opened.seal(textReplyXml(msg.FromUserName ?? '', msg.ToUserName ?? '', handled.content)), 'application/xml');
      if (handled.afterReply) {
        handled.afterReply().catch((e: unknown) => deps.logger.warn({ err: e, openid: msg.FromUserName ?? '' }, 'rest of a long reply not sent'));
      }
    } catch (e) {
      // the raw openid: the logger masks the field, and masks the same id inside the error's text too
      deps.logger.error({ err: e, openid: msg.FromUserName ?? '' }, 'message not handled');
      send(res, 500, '服务暂时不可用');
    }
  });
}
