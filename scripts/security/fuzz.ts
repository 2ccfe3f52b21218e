import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { rng } from '../../src/engine/index.js';
import { sign } from '../../src/channels/weixin/crypto.js';
import { signedHeaders } from '../../src/acceptance/contract/signature.js';
import { AUDIT_SECRETS, type AuditServer } from './child.js';

/**
 * The seeded hostile-input pass behind `npm run audit:security` and tests/security/fuzz.test.ts: every
 * public route gets requests mixing malformed encodings, path tricks, bad cookies, oversized and deep
 * bodies, XML entity tricks, forged signatures, wrong content types and unicode oddities. A finding is a
 * request that ended the process, got a 5xx or no answer, read the console without a session, or got a
 * response carrying a stack, a server path or personal data unmasked.
 */

export interface HostileRequest {
  route: string;
  /** the route's body limit in bytes (see Route.limit) */
  limit?: number;
  inputClass: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface Finding {
  route: string;
  inputClass: string;
  status: number;
  up: boolean;
  problem: string;
  /** enough to replay it: method, path and the first bytes of the body */
  sample: string;
}

export interface AuditResult {
  seed: number;
  tried: number;
  byClass: Map<string, number>;
  statuses: Map<number, number>;
  findings: Finding[];
  crashes: number;
  unauthorisedReads: number;
  leaks: number;
  /** connections reset before their answer was read (an upload cut after a 413 among them): each is a finding */
  resets: number;
  ms: number;
}

/** A citizen's data put on the server before the pass: no anonymous response may show it. */
const VICTIM = { id: '61011219850312002X', phone: '13700001234', name: '某某某' };
/** From knowledge/samples/shared-data.yaml: shown only to a verified identity, never to the pass. */
const SHARED_PERSON = { id: '610112196205080035', name: '赵志强', street: '未央路80号院' };

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const UNICODE = ['\u202e', '\u200b', '\ufeff', '\ud800', '\udfff', '\u0000', '𠮷', '😀', '１２３', 'Ａ', '\u0301', '\uffff', '\u2028', 'ﬀ', 'İ', 'ß'];
function oddText(r: Rand): string {
  let s = '';
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++)
    s += r() < 0.5 ? pick(r, UNICODE) : pick(r, ['我要卖房', '转人工', '身份证', '%', '\\', '"', "'", '<', '>', '&', '{{', '$' + '{x}', ' ']);
  return s;
}

/** Ways to write a path that a naive router and a naive auth check read differently. */
function pathTrick(r: Rand, path: string): string {
  const tricks: ((p: string) => string)[] = [
    (p) => p.replace(/c/, '%63'),
    (p) => p.replace(/o/, '%6F'),
    (p) => `/.${p}`,
    (p) => `/x/..${p}`,
    (p) => `/x/%2e%2e${p}`,
    (p) => `/x/%2E%2E%2F${p.slice(1)}`,
    (p) => `/${p}`,
    (p) => p.replace(/\//g, '//'),
    (p) => p.replace(/\//g, '\\'),
    (p) => p.replace(/\/([^/]*)$/, '%2f$1'),
    (p) => `${p}%00`,
    (p) => `${p}/.`,
    (p) => `${p}/`,
    (p) => p.toUpperCase(),
    (p) => `${p};x=1`,
    (p) => `${p}?${'a=1&'.repeat(200)}`,
    (p) => `/x/%c0%ae%c0%ae${p}`,
    (p) => `${p}%`,
    (p) => `${p}%E4`,
    (p) => `/%2e${p}`,
    (p) => `${p}#frag`,
  ];
  return pick(r, tricks)(path);
}

/** Percent-encodes any string, lone surrogates included (as UTF-8's replacement character). */
function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

function badCookie(r: Rand): string {
  return pick(r, [
    'yjs_console=%',
    'yjs_console=%E4%B8',
    `yjs_console=${'A'.repeat(8000)}`,
    'yjs_console=; yjs_console=x',
    `yjs_console=${pct(oddText(r))}`,
    `yjs_console=${createHash('sha256').update(String(r())).digest('hex')}`,
    'yjs_console="unterminated',
    '=====; ;;; yjs_console',
    'yjs_console=../../etc/passwd',
    '__proto__=1; constructor=2; yjs_console=%zz',
  ]);
}

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
function deepXml(depth: number): string {
  return `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`;
}

const XML_TRICKS = [
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
  '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><xml><Content>&d;&d;&d;&d;</Content></xml>',
  '<xml><__proto__><polluted>1</polluted></__proto__><constructor><prototype>x</prototype></constructor></xml>',
  '<xml><ToUserName><![CDATA[gh]]></ToUserName><Content><![CDATA[]]]]><![CDATA[>]]></Content>',
  '<xml><Encrypt>not-base64-%%%</Encrypt></xml>',
  '<xml><MsgType>text</MsgType><Content>&#0;&#xD800;&#x110000;</Content></xml>',
  '<xml',
  '<<<<>>>>',
  '<xml><FromUserName>a</FromUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>双份</Content></xml>',
];

function wechatQuery(r: Rand, token: string, forged: boolean): string {
  const stale = r() < 0.3;
  const ts = String(Math.floor(Date.now() / 1000) - (stale ? 86_400 : 0));
  const nonce = `n${Math.floor(r() * 1e9)}`;
  const sig = forged ? pick(r, ['0'.repeat(40), sign('wrong-token', ts, nonce), sign(token, ts, `${nonce}x`), '']) : sign(token, ts, nonce);
  return `signature=${sig}&timestamp=${ts}&nonce=${nonce}&msg_signature=${sig}&openid=oAudit${Math.floor(r() * 1000)}`;
}

function textXml(r: Rand, content: string): string {
  return `<xml><ToUserName><![CDATA[gh_audit]]></ToUserName><FromUserName><![CDATA[oAudit${Math.floor(r() * 1000)}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${Math.floor(r() * 1e15)}</MsgId></xml>`;
}

function activity(r: Rand, text: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `audit-${Math.floor(r() * 1e6)}`;
  return {
    type: 'message',
    id,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id },
    from: { id: `u-${id}` },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
    text,
    ...over,
  };
}

const JSON_ODDITIES: ((r: Rand) => unknown)[] = [
  () => ({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
  () => [],
  () => null,
  () => 'just a string',
  () => ({ price: '很多', buyer_type: ['x'], '': 1 }),
  (r) => ({ [oddText(r)]: oddText(r) }),
  () => 1e308,
  () => ({ a: { b: { c: { d: 'x'.repeat(10_000) } } } }),
];

/** The routes of the server and how a plausible request to each looks; the classes mutate it. */
interface Route {
  name: string;
  method: string;
  path: string;
  contentType?: string;
  body?: (r: Rand) => string;
  /** signs a request with the right secret (so the forged-signature class has something to forge) */
  signed?: 'wechat' | 'wecom' | 'backend';
  /** the most body bytes the route reads (0: it reads none); a body over it may have its upload cut */
  limit?: number;
}

const KB = 1024;

const ROUTES: Route[] = [
  {
    name: '/api/messages',
    method: 'POST',
    path: '/api/messages',
    contentType: 'application/json',
    body: (r) => JSON.stringify(activity(r, pick(r, ['你好', '我要卖房', SHARED_PERSON.id, `我身份证${VICTIM.id}`, '转人工']))),
    limit: 256 * KB,
  },
  {
    name: '/wechat',
    method: 'POST',
    path: '/wechat',
    contentType: 'text/xml',
    body: (r) => textXml(r, pick(r, ['你好', SHARED_PERSON.id, '我的申请到哪了'])),
    signed: 'wechat',
    limit: 64 * KB,
  },
  { name: '/wechat (verify)', method: 'GET', path: '/wechat', signed: 'wechat' },
  { name: '/wecom', method: 'POST', path: '/wecom', contentType: 'text/xml', body: (r) => textXml(r, '你好'), signed: 'wecom', limit: 64 * KB },
  { name: '/console', method: 'GET', path: '/console' },
  {
    name: '/console/login',
    method: 'POST',
    path: '/console/login',
    contentType: 'application/x-www-form-urlencoded',
    body: (r) => `username=${pct(oddText(r))}&password=x`,
    limit: 4 * KB,
  },
  { name: '/console/api/handovers', method: 'GET', path: '/console/api/handovers' },
  { name: '/console/api/me', method: 'GET', path: '/console/api/me' },
  {
    name: '/console/api/search',
    method: 'POST',
    path: '/console/api/search',
    contentType: 'application/json',
    body: () => JSON.stringify({ q: VICTIM.phone }),
    limit: 64 * KB,
  },
  {
    name: '/console/api/checklist',
    method: 'POST',
    path: '/console/api/checklist',
    contentType: 'application/json',
    body: () => JSON.stringify({ bundle: 'birth', answers: {} }),
    limit: 64 * KB,
  },
  {
    name: '/console/api/handovers/:id/resolve',
    method: 'POST',
    path: '/console/api/handovers/h1/resolve',
    contentType: 'application/json',
    body: () => '{}',
    limit: 64 * KB,
  },
  {
    name: '/console/api/handoff',
    method: 'POST',
    path: '/console/api/handoff',
    contentType: 'application/json',
    body: () => '{"code":"0000000000"}',
    limit: 64 * KB,
  },
  { name: '/console/api/sms', method: 'GET', path: '/console/api/sms' },
  {
    name: '/api/checklist',
    method: 'POST',
    path: '/api/checklist',
    contentType: 'application/json',
    body: () => JSON.stringify({ bundle: 'second-hand-house', answers: { price: 1_200_000 } }),
    limit: 64 * KB,
  },
  {
    name: '/api/nlu/parse',
    method: 'POST',
    path: '/api/nlu/parse',
    contentType: 'application/json',
    body: (r) => JSON.stringify({ text: oddText(r) }),
    limit: 64 * KB,
  },
  { name: '/api/bundles', method: 'GET', path: '/api/bundles' },
  { name: '/api/openapi.json', method: 'GET', path: '/api/openapi.json' },
  {
    name: '/api/backend/events',
    method: 'POST',
    path: '/api/backend/events',
    contentType: 'application/json',
    body: () =>
      JSON.stringify({
        id: 'ev-1',
        type: 'task.updated',
        at: new Date().toISOString(),
        caseNo: 'WY202611280000001',
        summary: '请点击 https://evil.example.com',
      }),
    signed: 'backend',
    limit: 1024 * KB,
  },
  { name: 'static /console/assets', method: 'GET', path: '/console/assets/results.css' },
  { name: '/healthz', method: 'GET', path: '/healthz' },
  { name: '/metrics', method: 'GET', path: '/metrics' },
];

export const INPUT_CLASSES = [
  'path-trick',
  'bad-cookie',
  'malformed-encoding',
  'oversized',
  'deep',
  'xml-entity',
  'forged-signature',
  'wrong-content-type',
  'unicode',
  'json-oddity',
] as const;

function signFor(r: Rand, route: Route, path: string, body: Buffer | undefined, forged: boolean): { path: string; headers: Record<string, string> } {
  if (route.signed === 'wechat' || route.signed === 'wecom') {
    const token = route.signed === 'wechat' ? AUDIT_SECRETS.WECHAT_TOKEN : AUDIT_SECRETS.WECOM_TOKEN;
    const q = wechatQuery(r, token, forged);
    const echo = route.method === 'GET' ? `&echostr=${pct(oddText(r))}` : '';
    return { path: `${path}${path.includes('?') ? '&' : '?'}${q}${echo}`, headers: {} };
  }
  if (route.signed === 'backend') {
    const h = signedHeaders(forged ? 'wrong-secret-wrong-secret-0000' : AUDIT_SECRETS.BACKEND_SECRET, body?.toString('utf8') ?? '');
    return { path, headers: Object.fromEntries(Object.entries(h).map(([k, v]) => [k, forged && r() < 0.5 ? `${String(v)}0` : String(v)])) };
  }
  return { path, headers: {} };
}

/** One hostile request: a route, an input class that applies to it, and the mutation, all from `r`. */
export function hostileRequest(r: Rand): HostileRequest {
  const route = pick(r, ROUTES);
  const inputClass = pick(r, INPUT_CLASSES);
  let path = route.path;
  let body: Buffer | undefined = route.body ? Buffer.from(route.body(r)) : undefined;
  const headers: Record<string, string> = route.contentType ? { 'Content-Type': route.contentType } : {};
  const xml = route.contentType === 'text/xml';
  switch (inputClass) {
    case 'path-trick':
      path = pathTrick(r, path);
      break;
    case 'bad-cookie':
      headers.Cookie = badCookie(r);
      break;
    case 'malformed-encoding':
      body = Buffer.concat([
        Buffer.from(pick(r, ['{"text":"', '<xml><Content>', 'a=', ''])),
        Buffer.from(
          pick(r, [
            [0xff, 0xfe, 0xfd],
            [0xc0, 0xaf],
            [0xe4, 0xb8],
            [0xed, 0xa0, 0x80],
            [0xef, 0xbb, 0xbf, 0x00],
          ]),
        ),
        Buffer.from('"}'),
      ]);
      if (r() < 0.5) path = `${path}?q=%${pick(r, ['', 'zz', 'E4', 'C0%AF'])}`;
      if (r() < 0.3) headers['Content-Type'] = `${route.contentType ?? 'application/json'}; charset=${pick(r, ['utf-7', 'gbk', 'x-unknown', 'utf-16'])}`;
      break;
    case 'oversized':
      body = Buffer.alloc(pick(r, [300 * 1024, 1024 * 1024, 3 * 1024 * 1024]), pick(r, ['a', '{', '<', '我']));
      if (r() < 0.3) headers['Content-Length'] = String(10 * 1024 * 1024 * 1024);
      break;
    case 'deep':
      body = Buffer.from(xml ? deepXml(pick(r, [1_500, 20_000])) : deepJson(pick(r, [1_500, 50_000])));
      break;
    case 'xml-entity':
      body = Buffer.from(pick(r, XML_TRICKS));
      if (!xml && r() < 0.5) headers['Content-Type'] = 'application/xml';
      break;
    case 'forged-signature':
      break;
    case 'wrong-content-type':
      headers['Content-Type'] = pick(r, [
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json',
        '',
        'application/json; charset=utf-16',
        '*/*',
      ]);
      if (headers['Content-Type'] === '') delete headers['Content-Type'];
      break;
    case 'unicode':
      body =
        route.contentType === 'application/json'
          ? Buffer.from(JSON.stringify(activity(r, oddText(r), { from: { id: oddText(r) }, conversation: { id: oddText(r) } })))
          : xml
            ? Buffer.from(textXml(r, oddText(r)))
            : body;
      if (!body) path = `${path}/${pct(oddText(r))}`;
      break;
    case 'json-oddity':
      body = Buffer.from(JSON.stringify(pick(r, JSON_ODDITIES)(r)) ?? 'null');
      break;
  }
  const method = body && route.method === 'GET' && r() < 0.5 ? 'POST' : route.method;
  const s = signFor(r, route, path, body, inputClass === 'forged-signature');
  return {
    route: route.name,
    limit: route.limit ?? 0,
    inputClass,
    method,
    path: s.path,
    headers: { ...headers, ...s.headers },
    body: method === 'GET' ? undefined : body,
  };
}

interface Answer {
  status: number;
  text: string;
  /** why there was no answer (ECONNRESET, timeout) */
  error?: string;
}

/** One raw request (the path sent exactly as written); status 0 when the connection failed or timed out. */
export function send(base: string, q: HostileRequest, timeoutMs = 15_000): Promise<Answer> {
  const u = new URL(base);
  return new Promise((ok) => {
    const headers = { ...(q.body && !q.headers['Content-Length'] ? { 'Content-Length': String(q.body.length) } : {}), ...q.headers };
    let status = 0;
    const req = request({ host: u.hostname, port: u.port, method: q.method, path: q.path, headers, agent: false, timeout: timeoutMs }, (res) => {
      status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => ok({ status: res.statusCode ?? 0, text: '' }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    // a server answering 413 closes the connection: the answer counts even if the upload then breaks
    req.on('error', (e: NodeJS.ErrnoException) => ok({ status, text: '', error: e.code ?? e.message }));
    if (!q.body) return void req.end();
    // like a browser, a big body goes in pieces and stops once the server has answered
    const body = q.body;
    const pump = (at: number): void => {
      if (status !== 0 || req.destroyed) return void req.end();
      if (at >= body.length) return void req.end();
      if (req.write(body.subarray(at, at + 65_536))) setImmediate(() => pump(at + 65_536));
      else req.once('drain', () => pump(at + 65_536));
    };
    pump(0);
  });
}

const STACK = /\n\s+at [^\n]+[(\s][^\n]*:\d+:\d+|\bat (?:file|node):|(?:TypeError|ReferenceError|SyntaxError|RangeError|URIError): /;

/** What a response must not carry. Empty when clean. */
export function leaks(text: string, dataDir: string): string[] {
  const out: string[] = [];
  if (STACK.test(text)) out.push('stack trace');
  if ([PROJECT_ROOT, dataDir, '/node_modules/', 'file:///'].some((p) => text.includes(p))) out.push('server path');
  for (const [what, v] of [
    ['victim ID number', VICTIM.id],
    ['victim phone', VICTIM.phone],
    ['shared-data address', SHARED_PERSON.street],
    ['shared-data name', SHARED_PERSON.name],
  ] as const) {
    if (text.includes(v)) out.push(`unmasked ${what}`);
  }
  return out;
}

/** Console routes that need a session (the sign-in page and its POST do not): 2xx without one is a read. */
export function consoleRead(path: string, status: number): boolean {
  if (status < 200 || status >= 300) return false;
  let p = path.split('?')[0]!;
  try {
    p = decodeURIComponent(p);
  } catch {
    return false;
  }
  p = p.replace(/\\/g, '/').replace(/\/+/g, '/').toLowerCase();
  return /\/console\/api\/(?!me$)/.test(p);
}

/** Puts a citizen's ID number and phone on the server (a 转人工 with a transcript) for the leak checks. */
export async function seedVictim(base: string): Promise<void> {
  const id = 'audit-victim';
  const a = (text: string) => ({
    type: 'message',
    id: `${id}-${text.length}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    conversation: { id },
    from: { id, name: VICTIM.name },
    recipient: { id: 'bot' },
    deliveryMode: 'expectReplies',
    text,
  });
  for (const text of ['我要卖房', `转人工，我身份证${VICTIM.id}，电话${VICTIM.phone}`]) {
    const res = await send(base, {
      route: 'seed',
      inputClass: 'seed',
      method: 'POST',
      path: '/api/messages',
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify(a(text))),
    });
    if (res.status !== 200) throw new Error(`could not seed the victim conversation: ${res.status} ${res.text.slice(0, 200)}`);
  }
}

async function alive(base: string): Promise<boolean> {
  const r = await send(base, { route: 'health', inputClass: '', method: 'GET', path: '/healthz', headers: {} }, 10_000);
  return r.status === 200;
}

/**
 * The pass: `n` requests from `seed`, in order, with `concurrency` in flight. After each, whether the
 * process is up; every 20 requests and at the end, /healthz answers too.
 */
export async function runAudit(server: AuditServer, seed: number, n: number, concurrency = 4): Promise<AuditResult> {
  const started = performance.now();
  const r = rng(seed);
  const requests = Array.from({ length: n }, () => hostileRequest(r));
  const findings: Finding[] = [];
  const byClass = new Map<string, number>();
  const statuses = new Map<number, number>();
  let crashes = 0;
  let unauthorisedReads = 0;
  let leakCount = 0;
  let resets = 0;
  await seedVictim(server.url);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const q = requests[i]!;
      const res = await send(server.url, q);
      byClass.set(q.inputClass, (byClass.get(q.inputClass) ?? 0) + 1);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const up = server.exited() === null && (i % 20 !== 0 || (await alive(server.url)));
      const problems: string[] = [];
      if (!up) {
        problems.push(`process down (${server.exited() ?? 'no /healthz'})`);
        crashes++;
      }
      // a body over its route's limit must still get its 413: the server lingers (reads and drops the rest)
      // before closing, so a reset (EPIPE/ECONNRESET in node's client) is a finding like any missing answer
      if (res.status === 0 && /EPIPE|ECONNRESET/.test(res.error ?? '')) resets++;
      if (res.status === 0 && up) problems.push(`no answer (${res.error ?? 'closed'})`);
      if (res.status >= 500 && res.status !== 503) problems.push(`server error ${res.status}`);
      if (consoleRead(q.path, res.status)) {
        problems.push('console read without a session');
        unauthorisedReads++;
      }
      const l = leaks(res.text, server.dataDir);
      if (l.length > 0) leakCount++;
      problems.push(...l);
      for (const problem of problems) {
        findings.push({
          route: q.route,
          inputClass: q.inputClass,
          status: res.status,
          up,
          problem,
          sample: `${q.method} ${q.path.slice(0, 80)} ${q.body?.subarray(0, 60).toString('utf8').replace(/\s+/g, ' ') ?? ''}`,
        });
      }
      if (!up) return;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (server.exited() === null && !(await alive(server.url))) {
    findings.push({ route: '/healthz', inputClass: 'after the pass', status: 0, up: false, problem: 'not answering after the pass', sample: '' });
    crashes++;
  }
  return { seed, tried: requests.length, byClass, statuses, findings, crashes, unauthorisedReads, leaks: leakCount, resets, ms: performance.now() - started };
}

/** The findings as a table, one row per (route, input class, problem), with counts. */
export function findingsTable(findings: Finding[]): string {
  if (findings.length === 0) return '没有发现问题（no findings）。';
  const rows = new Map<string, { f: Finding; n: number }>();
  for (const f of findings) {
    const key = `${f.route}|${f.inputClass}|${f.problem}`;
    const row = rows.get(key);
    if (row) row.n++;
    else rows.set(key, { f, n: 1 });
  }
  const head = ['route', 'input class', 'status', 'up', 'problem', 'n', 'example'];
  const body = [...rows.values()].map(({ f, n }) => [f.route, f.inputClass, String(f.status), f.up ? 'yes' : 'NO', f.problem, String(n), f.sample]);
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
