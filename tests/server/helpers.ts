import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity, Storage, TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { expect } from 'vitest';
import { buildForm, validateField, type FormField } from '../../src/engine/index.js';
import { loadKnowledge, PROJECT_ROOT, type Knowledge } from '../../src/knowledge/load.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { createNlu } from '../../src/nlu/index.js';
import type { Understanding } from '../../src/bot/types.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer, type Started, type StartOptions } from '../../src/server/start.js';
import { silentLogger } from '../../src/util/log.js';

export const TODAY = '2026-11-28';
export const STAFF_TOKEN = 'staff-token-for-tests-0123';

/**
 * The environment for a server started as a child process on the embedded default: this process's
 * environment without what would point the child elsewhere (CI exports the shared stores' URLs for
 * the multi-instance tests; a child inheriting them would share state with every other run).
 */
export { embeddedEnv } from './embedded-env.js';

let shared: { k: Knowledge; nlu: Understanding } | undefined;
/** One knowledge base and one trained understanding per test file: both are read-only. */
export async function knowledge(): Promise<{ k: Knowledge; nlu: Understanding }> {
  if (!shared) {
    const k = await loadKnowledge();
    shared = { k, nlu: createNlu(k) };
  }
  return shared;
}

/**
 * The node arguments `npm start` runs the server with, read from package.json (its last command,
 * after the build), so the bench and the bundle test start exactly what production starts.
 */
export function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split('&&').pop()!.trim().split(/\s+/);
  if (node !== 'node') throw new Error(`npm start no longer ends with a node command: ${pkg.scripts.start}`);
  return args.map((a) => (/\.[cm]?js$/.test(a) ? join(PROJECT_ROOT, a) : a));
}

export async function tempDir(prefix = 'yjs-server-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** The whole server as `npm start` runs it, on loopback with free ports, on the given data folder. */
export async function start(dir: string, env: Record<string, string> = {}, o: StartOptions = {}): Promise<Started> {
  const vars = { DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', STAFF_TOKEN, ...env };
  const { k, nlu } = await knowledge();
  return startServer(loadConfig(vars), silentLogger, { k, nlu, today: () => TODAY, env: vars, retry: { baseMs: 20, maxMs: 200 }, ...o });
}

export interface Said {
  status: number;
  activities: Partial<Activity>[];
  texts: string[];
  /** the suggested actions of the last activity that has any */
  actions: string[];
}

/** A Bot Framework client on one conversation: each line is POSTed with deliveryMode expectReplies. */
export class Client {
  constructor(
    public url: string,
    readonly conversationId: string,
    readonly serviceUrl = 'http://127.0.0.1:9/',
    readonly channelId = 'webchat',
  ) {}

  activity(extra: Partial<Activity>): Record<string, unknown> {
    return {
      type: 'message',
      id: `m-${Math.random().toString(36).slice(2)}`,
      channelId: this.channelId,
      serviceUrl: this.serviceUrl,
      conversation: { id: this.conversationId },
      from: { id: `user-${this.conversationId}`, name: '市民' },
      recipient: { id: 'assistant', name: '导办助手' },
      locale: 'zh-CN',
      deliveryMode: 'expectReplies',
      ...extra,
    };
  }

  async post(body: unknown): Promise<Said> {
    const res = await fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as { activities?: Partial<Activity>[] }) : {};
    const activities = json.activities ?? [];
    const withActions = [...activities].reverse().find((a) => (a.suggestedActions?.actions.length ?? 0) > 0);
    return {
      status: res.status,
      activities,
      texts: activities.map((a) => a.text ?? ''),
      actions: (withActions?.suggestedActions?.actions ?? []).map((x) => String(x.value)),
    };
  }

  say(text: string): Promise<Said> {
    return this.post(this.activity({ text }));
  }

  open(): Promise<Said> {
    return this.post(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: `user-${this.conversationId}`, name: '市民' }] }));
  }
}

/**
 * The same conversation surface on the in-process (terminal) channel: its conversations are created only
 * by the process itself, never by an HTTP request (/api/messages refuses channelId "terminal").
 */
export class InProcessClient extends Client {
  private readonly adapter: InProcessAdapter;
  constructor(
    private readonly bot: { run(c: TurnContext): Promise<void> },
    conversationId: string,
  ) {
    super('inprocess://terminal', conversationId, 'inprocess://terminal', 'terminal');
    this.adapter = new InProcessAdapter(conversationId, `user-${conversationId}`, 'terminal');
  }

  private said(activities: Partial<Activity>[]): Said {
    const withActions = [...activities].reverse().find((a) => (a.suggestedActions?.actions.length ?? 0) > 0);
    return {
      status: 200,
      activities,
      texts: activities.map((a) => a.text ?? ''),
      actions: (withActions?.suggestedActions?.actions ?? []).map((x) => String(x.value)),
    };
  }

  override async say(text: string): Promise<Said> {
    return this.said(await this.adapter.say((c) => this.bot.run(c), text));
  }

  override async open(): Promise<Said> {
    return this.said(await this.adapter.open((c) => this.bot.run(c)));
  }
}

/**
 * A stand-in for a Bot Framework channel's connector: records what the bot sends unasked
 * (POST /v3/conversations/{id}/activities).
 */
export async function fakeChannel(): Promise<{
  url: string;
  received: Partial<Activity>[];
  close(): Promise<void>;
  waitFor(pred: (a: Partial<Activity>) => boolean, ms?: number): Promise<Partial<Activity>>;
}> {
  const received: Partial<Activity>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
        received.push(JSON.parse(body) as Partial<Activity>);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${received.length}` }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    received,
    close: () => new Promise((ok) => server.close(() => ok())),
    waitFor: async (pred, ms = 10_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const hit = received.find(pred);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no such activity within ${ms} ms; got: ${received.map((a) => a.text).join(' | ')}`);
        await new Promise((ok) => setTimeout(ok, 25));
      }
    },
  };
}

/** Calls the staff API as window staff would. */
// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the answer it asked for; typing every staff route's body here would copy the contract
export async function staff(backendUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(backendUrl + path, {
    method,
    headers: { Authorization: `Bearer ${STAFF_TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() };
}

export const VALID_ID = '11010519491231002X';

/** The merged form for the answers the bot stored for a conversation (labels name the holder). */
export async function formFields(storage: Storage, channelId: string, conversationId: string): Promise<FormField[]> {
  const { k } = await knowledge();
  const key = `${channelId}/conversations/${conversationId}/`;
  const stored = (await storage.read([key]))[key] as { conversation: { bundle: string; answers: Record<string, never> } };
  return buildForm(k, stored.conversation.bundle, stored.conversation.answers).fields;
}

/** A value that passes the field's own validation, chosen by type. */
export function valueFor(f: FormField): string {
  const byType: Record<string, string> = {
    idcard: VALID_ID,
    phone: '13991234567',
    landline: '029-86781234',
    name: '张三',
    date: '2026-11-20',
    address: '陕西省西安市未央区凤城八路168号6号楼2单元1102室',
    money: '1000',
    area: '90',
    number: '1',
    bankcard: '6222020200112233445',
    bank: '中国银行西安未央支行',
    title_cert: '陕（2024）西安市不动产权第0012345号',
    uscc: '91610000MA6TG1L83L',
    text: '无',
    choice: f.options?.[0] ?? '',
  };
  const v = byType[f.type]!;
  const check = validateField(f.type, v, f.options);
  if (!check.ok) throw new Error(`sample for ${f.label} (${f.type}) is invalid: ${v}`);
  return v;
}

/** The field a prompt asks for: 「请输入X」/「请选择X」, the longest label that matches. */
export function askedField(fields: FormField[], texts: string[]): FormField | undefined {
  const asked = texts.join('\n');
  return fields.filter((x) => asked.includes(`请输入${x.label}`) || asked.includes(`请选择${x.label}`)).sort((a, b) => b.label.length - a.label.length)[0];
}

const WHY = '为什么问这个';

/** Typed answers for the question types that have no buttons. */
const typed: Record<string, string> = { number: '1', money: '100000', area: '90', date: '2026-11-01', text: '无' };

/** Answers the interview by tapping the first choice (or typing a plausible value) until the checklist. */
export async function interviewToChecklist(c: Client, opening: string, bundle: BundleId): Promise<Said> {
  const { k } = await knowledge();
  const questions = k.dialogs.get(bundle)!.questions;
  let r = await c.say(opening);
  for (let i = 0; i < 40 && !r.texts.some((t) => t.startsWith('【材料清单】')); i++) {
    const tap = r.actions.find((a) => a !== WHY);
    const q = questions.find((x) => r.texts.some((t) => t.includes(x.text)));
    expect(q ?? tap, `no question and no choices in: ${r.texts.join(' / ')}`).toBeDefined();
    r = await c.say(tap ?? typed[q!.type] ?? '1');
  }
  expect(r.texts.some((t) => t.startsWith('【材料清单】'))).toBe(true);
  return r;
}

/** From the checklist: 现在申请, every field with a valid value, 确认无误, the first delivery; stops at the consent question. */
export async function applyToConsent(s: Started, c: Client): Promise<Said> {
  let r = await c.say('现在申请');
  const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
  for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) r = await c.say(valueFor(askedField(fields, r.texts)!));
  r = await c.say('确认无误');
  r = await c.say(r.actions[0]!);
  if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
  return r;
}

/** From the checklist: 现在申请, every field with a valid value, 确认无误, the first delivery, consent; returns the 受理编号. */
export async function applyAndSubmit(s: Started, c: Client, consent = '同意并提交'): Promise<string> {
  await applyToConsent(s, c);
  const r = await c.say(consent);
  const caseNo = /受理编号 (WY\d+)/.exec(r.texts.join('\n'))?.[1];
  if (!caseNo) throw new Error(`not submitted: ${r.texts.join(' / ')}`);
  return caseNo;
}
