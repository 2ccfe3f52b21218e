import type { Storage } from 'botbuilder';
import { AccessTokenCache, type AccessTokens, type FetchedToken, type TokenShareFactory } from './token.js';

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
  /** path and query of the token endpoint, e.g. `/cgi-bin/gettoken?corpid=..&corpsecret=..` (GET) */
  tokenPath: string;
  /**
   * a JSON body to POST to tokenPath instead (公众号's stable_token: a fetch does not invalidate the token
   * other instances hold, and `force` asks for a new one after a refusal)
   */
  tokenBody?: (force: boolean) => unknown;
  /** the token shared by the instances (Redis); the Storage-held one by default */
  sharedTokens?: TokenShareFactory;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** JSON calls to api.weixin.qq.com / qyapi.weixin.qq.com with a shared, self-healing access_token. */
export class WeixinApi {
  readonly tokens: AccessTokens;
  private readonly fetchImpl: typeof fetch;
  private readonly base: string;

  constructor(private readonly o: WeixinApiOptions) {
    this.fetchImpl = o.fetchImpl ?? fetch;
    this.base = o.base.replace(/\/+$/, '');
    const fetchToken = (force: boolean) => this.fetchToken(force);
    this.tokens = o.sharedTokens ? o.sharedTokens(o.tokenKey, fetchToken) : new AccessTokenCache({ storage: o.storage, key: o.tokenKey, fetchToken });
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

  private async fetchToken(force: boolean): Promise<FetchedToken> {
    const { tokenBody } = this.o;
    const res = await this.json(
      this.o.tokenPath,
      tokenBody
        ? { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(tokenBody(force)) }
        : { method: 'GET' },
    );
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
