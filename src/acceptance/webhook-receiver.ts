import { DEFAULT_REPLAY_WINDOW_SEC, checkSignature, SIGNATURE_MESSAGES, type HeaderBag } from './contract/signature.js';
import { WebhookEvent } from './contract/webhook.js';
import { ZH } from './contract/errors.js';

export type WebhookCheck = { ok: true; event: WebhookEvent } | { ok: false; status: 400 | 401; message: string };

/**
 * Checks a change event the backend POSTed to the bot: signature over the raw body (before any JSON
 * parsing), timestamp within the replay window, then the event's shape. Answer 401/400 on failure
 * and 200 otherwise; events repeat on retries, so deduplicate on `event.id`.
 */
export function verifyWebhook(headers: HeaderBag, body: string | Buffer, secret: string, opts: { now?: number; windowSec?: number } = {}): WebhookCheck {
  const raw = typeof body === 'string' ? body : body.toString('utf8');
  const problem = checkSignature(headers, raw, secret, { windowSec: opts.windowSec ?? DEFAULT_REPLAY_WINDOW_SEC, ...(opts.now ? { now: opts.now } : {}) });
  if (problem) return { ok: false, status: 401, message: SIGNATURE_MESSAGES[problem] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, message: '回调内容不是有效的 JSON' };
  }
  const r = WebhookEvent.safeParse(json, ZH);
  return r.success ? { ok: true, event: r.data } : { ok: false, status: 400, message: `回调内容格式不符：${r.error.issues[0]?.message ?? ''}` };
}
