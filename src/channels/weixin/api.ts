import type { Storage } from 'botbuilder';
import { AccessTokenCache, type FetchedToken } from './token.js';

export class WeixinApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`微信接口返回错误 ${errcode}: ${errmsg}`);
  }
}

/** errcodes that mean the access_token is no good: refresh once and retry. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

export interface WeixinApiOptions {
  base: string;
  storage: Storage;
  tokenKey: string;
  /** path and query of the token endpoint, e.g. `/cgi-bin/token?grant_type=client_credential&appid=..&secret=..` */
  tokenPath: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** JSON calls to api.weixin.qq.com / qyapi.weixin.qq.com with a shared, self-healing access_token. */
export class WeixinApi {
  readonly tokens: AccessTokenCache;
  private readonly fetchImpl: typeof fetch;
  private readonly base: string;

  constructor(private readonly o: WeixinApiOptions) {
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.base = o.base.replace(/\/+$/, '');
    this.tokens = new AccessTokenCache({ storage: o.storage, key: o.tokenKey, fetchToken: () => this.fetchToken() });
  }

  /** POSTs `body` to `path` with the access_token; on a token error refreshes once and tries again. */
  async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.get();
      const sep = path.includes('?') ? '&' : '?';
      const res = await this.json(`${path}${sep}access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      });
      const code = Number(res.errcode ?? 0);
      if (code === 0) return res;
      if (TOKEN_ERRORS.has(code) && attempt === 0) {
        await this.tokens.invalidate(token);
        continue;
      }
      throw new WeixinApiError(code, String(res.errmsg ?? ''));
    }
  }

  private async fetchToken(): Promise<FetchedToken> {
    const res = await this.json(this.o.tokenPath, { method: 'GET' });
    if (typeof res.access_token !== 'string' || Number(res.errcode ?? 0) !== 0) {
      throw new WeixinApiError(Number(res.errcode ?? -1), String(res.errmsg ?? '没有返回 access_token'));
    }
    return { token: res.access_token, expiresInSec: Number(res.expires_in ?? 7200) };
  }

  private async json(path: string, init: RequestInit): Promise<Record<string, unknown>> {
    const r = await this.fetchImpl(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000) });
    if (!r.ok) throw new WeixinApiError(-r.status, `HTTP ${r.status}`);
    return (await r.json()) as Record<string, unknown>;
  }
}
