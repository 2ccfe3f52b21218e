import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../util/log.js';
import { lingerOnClose } from './linger.js';

type Handler = (req: Request, res: Response, next?: (e?: unknown) => void) => unknown;

/** restify's own error bodies are English and name its internals; every answer here is Chinese. */
const WORDS: Record<string, [number, string]> = {
  NotFound: [404, '没有这个地址。'],
  MethodNotAllowed: [405, '该地址不支持这种请求方法。'],
  PayloadTooLarge: [413, '请求内容太大。'],
  UnsupportedMediaType: [415, '不支持这种请求内容格式。'],
  BadRequest: [400, '请求格式有误。'],
  URIError: [400, '请求中的编码不合法。'],
};
/** the HTTP request a piece of work runs for, so a bot turn can know who sent it (the turn has no req) */
const current = new AsyncLocalStorage<IncomingMessage>();
export function currentRequest(): IncomingMessage | undefined {
  return current.getStore();
}

const INTERNAL = '服务器处理这个请求时出错了，请稍后再试。';

/** the status and Chinese message an error thrown by a handler is answered with */
export function answerFor(err: unknown): [number, string] {
  const e = err as { name?: string; statusCode?: number };
  if (e instanceof URIError) return WORDS.URIError!;
  const known = e?.name ? WORDS[e.name.replace(/Error$/, '')] : undefined;
  if (known) return known;
  const status = typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
  return [status, status === 500 ? INTERNAL : '请求有误。'];
}

/** Answers once, in Chinese JSON, whatever state the response is in; never throws. */
export function answerError(res: ServerResponse, status: number, message: string): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify({ error: message });
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  } catch {
    res.destroy();
  }
}

/** Wraps a handler so that a synchronous throw becomes next(err) (or a rejection) instead of escaping. */
function wrap(h: unknown): unknown {
  if (typeof h !== 'function') return h;
  const f = h as Handler;
  // restify tells callback handlers from async ones by arity: keep it
  if (f.length >= 3) {
    const w = function (this: unknown, req: Request, res: Response, next: (e?: unknown) => void) {
      try {
        return f.call(this, req, res, next);
      } catch (e) {
        return next(e);
      }
    };
    return w;
  }
  return async function (this: unknown, req: Request, res: Response) {
    return f.call(this, req, res);
  };
}

const METHODS = ['pre', 'use', 'get', 'post', 'put', 'patch', 'del', 'head', 'opts'] as const;

/**
 * No request may end the process. Every handler registered on `server` from now on is wrapped, restify's
 * errors are answered in Chinese, and the node server's request listener is itself guarded, so a throw
 * in a pre-handler (a cookie that is not valid percent-encoding, say) answers 400/500 and the process
 * lives. Call right after createServer, before any route is registered.
 */
export function hardenServer(server: Server, log: Logger): void {
  const s = server as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of METHODS) {
    const orig = s[m]!.bind(server);
    s[m] = (...args: unknown[]) => orig(...args.map((a) => (Array.isArray(a) ? a.map(wrap) : wrap(a))));
  }

  server.on('restifyError', (req: Request, _res: Response, err: Error & { toJSON?: () => unknown; body?: unknown }, cb: () => void) => {
    const [status, message] = answerFor(err);
    // restify waits for every listener's cb: this is the only 'restifyError' listener on the server
    if (status >= 500) log.error({ err, url: req.url, method: req.method }, 'handler failed');
    else log.warn({ url: req.url, status, msg: err.message }, 'request error');
    err.toJSON = () => ({ error: message });
    return cb();
  });

  const http = (server as unknown as { server: import('node:http').Server }).server;
  for (const l of http.listeners('request') as ((q: IncomingMessage, r: ServerResponse) => void)[]) {
    http.removeListener('request', l);
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      try {
        current.run(req, () => l(req, res));
      } catch (err) {
        const [status, message] = answerFor(err);
        log.error({ err, url: req.url, method: req.method }, 'request failed before its handler answered');
        answerError(res, status, message);
      }
    });
  }
  // a body over a route's limit is answered, then read and dropped until the client stops sending
  lingerOnClose(http);
  http.on('clientError', (err: NodeJS.ErrnoException, socket: import('node:net').Socket) => {
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ error: '请求格式有误。' });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    log.debug({ code: err.code }, 'malformed HTTP request');
  });
}

/**
 * The last net: an exception no request handler caught (a throw in a later tick of some callback) is
 * logged and the process keeps serving everyone else. Installed by `npm start` only.
 */
export function keepServing(log: Logger): void {
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception (kept serving)'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept serving)'));
}
