import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { PrivateJsonFile, type TextCodec } from '../../util/files.js';
import { maskPhone } from '../../util/mask.js';
import type { Logger } from '../../util/log.js';

export const MOBILE_RE = /^1[3-9]\d{9}$/;

export interface SmsRecord {
  id: string;
  at: string;
  to: string;
  text: string;
  by: string;
  /** outbox: no gateway configured, staff send it by hand; sent / failed: what the gateway said */
  status: 'outbox' | 'sent' | 'failed';
  error?: string;
}

/** Where "send to the caller" goes: an HTTP gateway when configured. */
export interface SmsGateway {
  send(to: string, text: string): Promise<void>;
}

/**
 * A gateway that takes `POST {to, text}` as JSON and answers 2xx when it accepted the message.
 * Most vendors' APIs sit behind such a small relay, which keeps their keys out of this server.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(to: string, text: string): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`短信网关返回 ${res.status}`);
  }
}

/**
 * Every message the console sends, in a lowdb file the page lists. Without a gateway the message
 * stays here as "outbox" for staff to send by hand; with one, the gateway's verdict is recorded.
 */
export class SmsOutbox {
  private readonly db: Low<{ messages: SmsRecord[] }>;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    file: string,
    private readonly gateway: SmsGateway | null,
    private readonly log: Logger,
    codec?: TextCodec,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Low(new PrivateJsonFile<{ messages: SmsRecord[] }>(file, codec), { messages: [] });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  async send(to: string, text: string, by: string): Promise<SmsRecord> {
    const rec: SmsRecord = { id: randomUUID(), at: new Date().toISOString(), to, text, by, status: 'outbox' };
    if (this.gateway) {
      try {
        await this.gateway.send(to, text);
        rec.status = 'sent';
      } catch (e) {
        rec.status = 'failed';
        rec.error = e instanceof Error ? e.message : String(e);
      }
    }
    this.log.info({ to: maskPhone(to), by, status: rec.status }, 'console sms');
    await this.serial(async () => {
      await this.db.read();
      this.db.data.messages.push(rec);
      // keep the file small: the page shows the latest, the gateway has the history
      if (this.db.data.messages.length > 500) this.db.data.messages.splice(0, this.db.data.messages.length - 500);
      await this.db.write();
    });
    return rec;
  }

  list(limit = 50): Promise<SmsRecord[]> {
    return this.serial(async () => {
      await this.db.read();
      return this.db.data.messages.slice(-limit).reverse();
    });
  }
}
