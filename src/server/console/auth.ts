import type { Request, Response, Server } from 'restify';
import type { Session, Sessions } from './sessions.js';

export const COOKIE = 'yjs_console';
/** Sent by the page's own script on every write; a form or link on another site cannot add it. */
export const CSRF_HEADER = 'x-console-request';

/** Paths an anonymous visitor may open: the sign-in page and the stylesheet it uses. */
const PUBLIC = new Set(['/console/login', '/console/assets/base.css']);

/**
 * The route as the router will see it: percent-decoded (never throwing), repeated slashes folded,
 * lower case, so no spelling of a /console path slips past the guard.
 */
export function pathOf(req: Request): string {
  let path: string;
  try {
    path = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    path = '/';
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // a stray % cannot be decoded; the raw path is checked as it is
  }
  return path.replace(/\/+/g, '/').toLowerCase();
}

/** The session token from the Cookie header; never throws (`yjs_console=%` used to end the process). */
export function tokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== COOKIE) continue;
    const raw = v.join('=');
    // our tokens are base64url and never need decoding; anything else is not a token of ours
    return /^[A-Za-z0-9_-]{20,100}$/.test(raw) ? raw : undefined;
  }
  return undefined;
}

function secure(req: Request): boolean {
  return (req as unknown as { isSecure(): boolean }).isSecure() || req.headers['x-forwarded-proto'] === 'https';
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
  const attrs = [`${COOKIE}=${token}`, 'Path=/console', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (secure(req)) attrs.push('Secure');
  res.header('Set-Cookie', attrs.join('; '));
}

export function clearSessionCookie(res: Response): void {
  res.header('Set-Cookie', `${COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** A cross-site POST carries a foreign Origin (or Referer); browsers always send one of them on POST. */
export function sameOrigin(req: Request): boolean {
  const from = req.headers.origin ?? req.headers.referer;
  if (!from) return true;
  try {
    return new URL(from).host === req.headers.host;
  } catch {
    return false;
  }
}

export function securityHeaders(res: Response): void {
  res.header(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  );
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'same-origin');
  res.header('Cache-Control', 'no-store');
}

function refuse(req: Request, res: Response, status: number, message: string): void {
  securityHeaders(res);
  if (pathOf(req).startsWith('/console/api/')) {
    res.status(status);
    res.json({ error: message });
    return;
  }
  res.status(303);
  res.header('Location', '/console/login');
  res.end();
}

/** The session a guarded handler runs under, put there by the guard. */
export function sessionOf(req: Request): Session {
  const s = (req as unknown as { consoleSession?: Session }).consoleSession;
  if (!s) throw new Error('console handler reached without a session');
  return s;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * Deny by default, in the handler itself: whatever path spelling reached it (an encoded /%63onsole
 * once passed the guard but matched the route), a handler without the guard's session answers 401
 * and does nothing.
 */
export function signedIn(handler: Handler): Handler {
  return async (req, res) => {
    if (!(req as unknown as { consoleSession?: Session }).consoleSession) {
      securityHeaders(res);
      res.status(401);
      res.json({ error: '请先登录热线工作台（登录已过期或未登录）。' });
      return;
    }
    await handler(req, res);
  };
}

/**
 * Before routing, so no /console path (known or not) answers an anonymous visitor: pages redirect to
 * the sign-in page, the API answers 401. Writes must also come from the page itself (CSRF).
 */
export function guardConsole(server: Server, sessions: Sessions, stillValid: (s: Session) => Promise<boolean>): void {
  server.pre((req, res, next) => {
    const path = pathOf(req);
    if (path !== '/console' && !path.startsWith('/console/')) return next();
    if (PUBLIC.has(path)) return next();
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? 'GET');
    if (write && (!sameOrigin(req) || req.headers[CSRF_HEADER] !== '1')) {
      refuse(req, res, 403, '请求来源不被允许，请从热线工作台页面操作。');
      return next(false);
    }
    sessions
      .get(tokenOf(req))
      .then(async (s) => {
        if (!s || !(await stillValid(s))) {
          refuse(req, res, 401, '请先登录热线工作台（登录已过期或未登录）。');
          return next(false);
        }
        (req as unknown as { consoleSession: Session }).consoleSession = s;
        return next();
      })
      .catch((e: unknown) => next(e as Error));
  });
}
