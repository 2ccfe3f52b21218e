import type { ApplicationInput } from './contract/application.js';
import { CaseView, RateResponse, SubmitResponse, type RatingInput } from './contract/case.js';
import { ApiError } from './contract/errors.js';
import { signedFetch } from './signed-fetch.js';

export interface BackendClientOptions {
  /** BACKEND_URL, e.g. http://127.0.0.1:3979 */
  baseUrl: string;
  /** BACKEND_SECRET */
  secret: string;
  /** per request unless a call passes its own; default 10 s */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The bot's side of the acceptance contract. Every call is signed; errors are ApiError with the
 * backend's Chinese message and `retryable` telling a refused document from a passing outage.
 */
export class BackendClient {
  constructor(private readonly o: BackendClientOptions) {}

  private call(method: 'GET' | 'POST', path: string, extra: { body?: unknown; rawBody?: string; headers?: Record<string, string>; timeoutMs?: number } = {}) {
    return signedFetch(this.o.baseUrl, this.o.secret, { method, path, timeoutMs: extra.timeoutMs ?? this.o.timeoutMs ?? 10_000, ...extra }, this.o.fetch);
  }

  /** POST /v1/applications with Idempotency-Key = app.id: the same app twice gives the same case. */
  submit(app: ApplicationInput, opts: { timeoutMs?: number } = {}): Promise<SubmitResponse> {
    return this.submitRaw(app.id, JSON.stringify(app), opts);
  }

  /** The same, for a body serialised earlier: retries must send the very bytes of the first try. */
  async submitRaw(id: string, body: string, opts: { timeoutMs?: number } = {}): Promise<SubmitResponse> {
    const r = await this.call('POST', '/v1/applications', { rawBody: body, headers: { 'Idempotency-Key': id }, ...opts });
    return SubmitResponse.parse(r.json);
  }

  /** null when the backend knows no such 受理编号. */
  async getCase(caseNo: string): Promise<CaseView | null> {
    try {
      const r = await this.call('GET', `/v1/cases/${encodeURIComponent(caseNo.trim().toUpperCase())}`);
      return CaseView.parse(r.json);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  /** The user's cases on one channel, newest first ("我的申请到哪了"). */
  async listCases(channelKind: string, userId: string): Promise<CaseView[]> {
    const q = new URLSearchParams({ channel: channelKind, userId });
    const r = await this.call('GET', `/v1/cases?${q.toString()}`);
    return (r.json as { cases: unknown[] }).cases.map((c) => CaseView.parse(c));
  }

  /** 好差评; a bad level comes back with the follow-up it opened. */
  async rate(caseNo: string, rating: RatingInput): Promise<RateResponse> {
    const r = await this.call('POST', `/v1/cases/${encodeURIComponent(caseNo)}/rating`, { body: rating });
    return RateResponse.parse(r.json);
  }
}
