import { readFile } from 'node:fs/promises';
import type { Request, Response, Server } from 'restify';
import { readRaw } from '../http.js';
import type { Logger } from '../../util/log.js';
import { clearSessionCookie, sameOrigin, securityHeaders, setSessionCookie, tokenOf } from './auth.js';
import type { Backoff } from './rate-limit.js';
import { passwordStamp, type Sessions } from './sessions.js';
import type { Operators } from './users.js';

export interface LoginDeps {
  users: Operators;
  sessions: Sessions;
  /**
   * growing delays after failures: per name from this address (tight), per name from anywhere and per
   * address (looser: a call centre shares one address, and a guesser may use many)
   */
  limits: { nameAtAddress: Backoff; name: Backoff; address: Backoff };
  sessionHours: number;
  publicDir: string;
  log: Logger;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function loginPage(res: Response, dir: string, status: number, error = '', name = ''): Promise<void> {
  const html = (await readFile(`${dir}/login.html`, 'utf8'))
    .replace('{{error}}', error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '')
    .replace('{{name}}', escapeHtml(name));
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

/** Accepts the page's form post or JSON (scripts, tests); never throws on a malformed body. */
async function credentials(req: Request): Promise<{ name: string; password: string; json: boolean }> {
  const raw = await readRaw(req, 4096).catch(() => '');
  const json = (req.headers['content-type'] ?? '').includes('application/json');
  if (json) {
    try {
      const o = JSON.parse(raw) as { name?: unknown; password?: unknown };
      return { name: String(o.name ?? '').trim(), password: String(o.password ?? ''), json };
    } catch {
      return { name: '', password: '', json };
    }
  }
  const f = new URLSearchParams(raw);
  return { name: (f.get('name') ?? '').trim(), password: f.get('password') ?? '', json };
}

export function registerLogin(server: Server, d: LoginDeps): void {
  server.get('/console/login', async (_req: Request, res: Response) => loginPage(res, d.publicDir, 200));

  server.post('/console/login', async (req: Request, res: Response) => {
    const { name, password, json } = await credentials(req);
    const answer = async (status: number, error: string) => {
      if (json) {
        securityHeaders(res);
        res.status(status);
        res.json({ error });
      } else await loginPage(res, d.publicDir, status, error, name);
    };
    if (!sameOrigin(req)) return answer(403, '请求来源不被允许。');
    const ip = req.socket.remoteAddress ?? '?';
    const pair = `${name}@${ip}`;
    const wait = Math.max(await d.limits.nameAtAddress.retryAfter(pair), await d.limits.name.retryAfter(name), await d.limits.address.retryAfter(ip));
    if (wait > 0) {
      res.header('Retry-After', String(wait));
      d.log.warn({ name, wait }, 'console sign-in delayed');
      return answer(429, `登录失败次数较多，为安全起见请 ${wait} 秒后再试。`);
    }
    if (!name || !password) return answer(400, '请输入用户名和密码。');
    const user = await d.users.check(name, password);
    if (!user) {
      await Promise.all([d.limits.nameAtAddress.fail(pair), d.limits.name.fail(name), d.limits.address.fail(ip)]);
      d.log.info({ name }, 'console sign-in refused');
      return answer(401, '用户名或密码不对。');
    }
    await d.limits.nameAtAddress.clear(pair);
    const { token, session } = await d.sessions.open(user.name, passwordStamp(user.hash));
    setSessionCookie(req, res, token, d.sessionHours * 3600);
    d.log.info({ name }, 'console sign-in');
    securityHeaders(res);
    if (json) {
      res.json({ user: user.name, expiresAt: new Date(session.expiresAt).toISOString() });
      return;
    }
    res.status(303);
    res.header('Location', '/console/');
    res.end();
  });

  // guarded like every /console write: the page's script sends the CSRF header
  server.post('/console/api/logout', async (req: Request, res: Response) => {
    await d.sessions.close(tokenOf(req));
    clearSessionCookie(res);
    res.json({ ok: true });
  });
}
