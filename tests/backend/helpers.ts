import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApplicationInput } from '../../src/acceptance/contract/application.js';
import type { WebhookEvent } from '../../src/acceptance/contract/webhook.js';
import { silentLogger } from '../../src/util/log.js';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { verifyWebhook } from '../../src/acceptance/webhook-receiver.js';
import { createBackendServer, type BackendServer, type BackendServerOptions } from '../../apps/backend/server.js';

export const SECRET = 'test-secret-0123456789abcdef';
export const STAFF = 'staff-token-0123456789';

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'yjs-backend-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A second-hand house sale: two lead departments (不动产登记, 税务) and one cooperating (住建). */
export function sampleApp(over: Partial<ApplicationInput> = {}): ApplicationInput {
  const now = new Date().toISOString();
  return {
    version: 1,
    id: randomUUID(),
    bundle: 'second-hand-house',
    items: [
      {
        id: 'house-transfer-registration',
        name: '国有建设用地使用权及房屋所有权转移登记',
        department: 'wy-land-registry',
        departmentName: '西安市资源规划局未央分局（不动产登记）',
      },
      { id: 'house-deed-tax', name: '契税申报', department: 'wy-tax', departmentName: '国家税务总局西安市未央区税务局' },
      { id: 'house-individual-income-tax', name: '个人所得税申报', department: 'wy-tax', departmentName: '国家税务总局西安市未央区税务局' },
    ],
    cooperating: [{ department: 'wy-housing', departmentName: '未央区住房和城乡建设局' }],
    answers: { seller_married: true, years_held: 6 },
    form: { house_address: '陕西省西安市未央区凤城八路168号6号楼2单元1102室', price: 1200000 },
    checklist: {
      bring: ['不动产权证书', '买卖合同'],
      shared: ['户口簿'],
      charges: [{ name: '登记费', amount: 80, estimate: false }],
      promisedDays: 5,
      outputs: ['不动产权证书'],
    },
    delivery: { method: 'post', address: '陕西省西安市未央区凤城八路168号6号楼2单元1102室' },
    applicant: { name: '张三', idNumber: '11010519491231002X', phone: '13991234567' },
    channel: { kind: 'msteams', conversationId: 'conv-1', userId: 'user-1', serviceUrl: 'http://127.0.0.1:9/' },
    consent: { given: true, at: now },
    createdAt: now,
    ...over,
  };
}

export async function startBackend(dir: string, o: Partial<BackendServerOptions> = {}): Promise<BackendServer> {
  return createBackendServer({ dataDir: dir, secret: SECRET, staffToken: STAFF, webhookRetry: { baseMs: 5, maxMs: 20 }, logger: silentLogger, ...o });
}

/** Calls the staff API as window staff would. */
// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the answer it asked for; typing every staff route's body here would copy the contract
export async function staff(b: { url: string }, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(b.url + path, {
    method,
    headers: { Authorization: `Bearer ${STAFF}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

/** A bot-side receiver: verifies each POST with verifyWebhook, can refuse the first N on purpose. */
export class WebhookSink {
  readonly events: WebhookEvent[] = [];
  rejected = 0;
  refuseNext = 0;
  private waiters: { pred: (e: WebhookEvent[]) => boolean; resolve: () => void }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // restify patches ServerResponse globally and its writeHead does not return `this`: no chaining
      const reply = (status: number) => {
        res.statusCode = status;
        res.end(status === 200 ? '{}' : '');
      };
      req.on('end', () => {
        if (this.refuseNext > 0) {
          this.refuseNext -= 1;
          reply(503);
          return;
        }
        const check = verifyWebhook(req.headers, Buffer.concat(chunks), SECRET);
        if (!check.ok) {
          this.rejected += 1;
          reply(check.status);
          return;
        }
        if (!this.events.some((e) => e.id === check.event.id)) this.events.push(check.event);
        reply(200);
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(this.events)) return true;
          w.resolve();
          return false;
        });
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/backend/events`;
    return this;
  }

  until(pred: (e: WebhookEvent[]) => boolean): Promise<void> {
    if (pred(this.events)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

export interface Rig {
  backend: BackendServer;
  client: BackendClient;
  sink: WebhookSink;
  close(): Promise<void>;
}

/** A backend in a temp dir whose webhooks go to a local sink, with a client for it. */
export async function rigWithSink(): Promise<Rig> {
  const { dir, remove } = await tempDir();
  const sink = await new WebhookSink().start();
  const backend = await startBackend(dir, { webhookUrl: sink.url });
  return {
    backend,
    sink,
    client: new BackendClient({ baseUrl: backend.url, secret: SECRET }),
    close: async () => {
      await backend.close();
      await sink.close();
      await remove();
    },
  };
}
