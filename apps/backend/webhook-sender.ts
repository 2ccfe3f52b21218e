import type { Logger } from '../../src/util/log.js';
import { backoffDelay, type BackoffOptions } from '../../src/util/backoff.js';
import { signedHeaders } from '../../src/acceptance/contract/signature.js';
import type { BackendStore } from './store.js';

export interface WebhookSenderOptions {
  secret: string;
  retry: BackoffOptions & { maxAttempts: number };
  timeoutMs: number;
  logger: Logger;
}

/**
 * Delivers the change events stored with each change, oldest first, signed like the client's
 * requests. Events stay in the store until the bot answers 2xx, so a restart resends them; the bot
 * deduplicates on event id.
 */
export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private url: string | undefined;

  constructor(
    private readonly store: BackendStore,
    private readonly o: WebhookSenderOptions,
  ) {}

  /** Where events go; none: no events are kept. Settable after start (the bot's port may come later). */
  async setUrl(url: string | undefined): Promise<void> {
    this.url = url;
    this.store.keepEvents = Boolean(url);
    if (url) await this.start();
    else {
      this.stopped = true;
      clearTimeout(this.timer);
    }
  }

  /** Events left by an earlier run are due at once: the bot may well be back by now. */
  private async start(): Promise<void> {
    if (!this.url) return;
    if (this.store.data.webhooks.some((w) => w.nextAt > 0))
      await this.store.mutate((d) =>
        d.webhooks.forEach((w) => {
          w.nextAt = 0;
        }),
      );
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when the delivery pass under way, if any, has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** Called after every change, so events go out at once rather than on the next tick. */
  wake(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    const next = Math.min(...this.store.data.webhooks.map((w) => w.nextAt));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const due = this.store.data.webhooks.find((w) => w.nextAt <= Date.now());
      if (!due) return;
      const err = await this.post(JSON.stringify(due.event));
      await this.store.mutate((d) => {
        const i = d.webhooks.findIndex((w) => w.event.id === due.event.id);
        const w = d.webhooks[i];
        if (!w) return;
        if (err === null) {
          d.webhooks.splice(i, 1);
          return;
        }
        w.attempts += 1;
        w.lastError = err;
        if (w.attempts >= this.o.retry.maxAttempts) {
          d.webhooks.splice(i, 1);
          this.o.logger.error({ eventId: w.event.id, caseNo: w.event.caseNo, err }, 'webhook dropped after max attempts');
          return;
        }
        w.nextAt = Date.now() + backoffDelay(w.attempts, this.o.retry);
        this.o.logger.warn({ eventId: w.event.id, attempts: w.attempts, err }, 'webhook delivery failed, will retry');
      });
    }
  }

  private async post(body: string): Promise<string | null> {
    try {
      const res = await fetch(this.url!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signedHeaders(this.o.secret, body) },
        body,
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.arrayBuffer();
      return res.ok ? null : `HTTP ${res.status}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
}
