import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import restify from '../../src/util/restify.js';
import { backendOpenApi } from '../../src/acceptance/contract/openapi.js';
import type { z } from 'zod';
import { createLogger, type Logger } from '../../src/util/log.js';
import { Application } from '../../src/acceptance/contract/application.js';
import { FollowUpUpdate, RatingInput, TaskUpdate, type CaseView } from '../../src/acceptance/contract/case.js';
import { ApiError, issueDetails, ZH } from '../../src/acceptance/contract/errors.js';
import { checkSignature, DEFAULT_REPLAY_WINDOW_SEC, headerValue, HEADER_IDEMPOTENCY, SIGNATURE_MESSAGES } from '../../src/acceptance/contract/signature.js';
import { type Keyring, loadKeyring } from '../../src/util/crypto-at-rest.js';
import { bodyHash, caseView, findCase, rateCase, submitCase, updateFollowUp, updateTask } from './cases.js';
import { staffGuard } from './staff-auth.js';
import { BackendStore } from './store.js';
import { WebhookSender } from './webhook-sender.js';
import type { SharedDataProvider } from '../../src/acceptance/contract/shared-data.js';

export interface BackendServerOptions {
  /** the lowdb file lives here (backend.json); created when missing */
  dataDir: string;
  /**
   * seals the store at rest; without one a key is generated into `<dataDir>/keys/data.key` (with a
   * warning), as the bot does for its own state
   */
  keyring?: Keyring;
  /** HMAC secret shared with the bot (BACKEND_SECRET) */
  secret: string;
  /** Bearer token of the staff API (STAFF_TOKEN) */
  staffToken: string;
  /** where change events are POSTed (BOT_WEBHOOK_URL); none: no events are kept */
  webhookUrl?: string;
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  replayWindowSec?: number;
  webhookRetry?: { baseMs?: number; maxMs?: number; maxAttempts?: number };
  webhookTimeoutMs?: number;
  /** when given, GET /v1/shared-data/persons/:id and /companies/:uscc answer from it (signed) */
  sharedData?: SharedDataProvider;
  logger?: Logger;
  now?: () => Date;
}

export interface BackendServer {
  url: string;
  port: number;
  store: BackendStore;
  /** the HTTP server (its routes are checked against the contract's OpenAPI document) */
  server: Server;
  /** points the webhook elsewhere (or nowhere): for a bot whose port is known only after the backend's */
  setWebhookUrl(url: string | undefined): Promise<void>;
  /** resends due change events now (tests, and after the bot comes back) */
  wakeWebhooks(): void;
  /** waits for the webhook delivery pass under way */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (req: Request) => Promise<{ status: number; body: unknown }>;

function rawBody(req: Request): string {
  const b: unknown = req.body;
  if (typeof b === 'string') return b;
  return Buffer.isBuffer(b) ? b.toString('utf8') : '';
}

function parseOr400<S extends z.ZodType>(schema: S, value: unknown, code: string, what: string): z.output<S> {
  const r = schema.safeParse(value, ZH);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? `（${first.path.map(String).join('.')}）` : '';
  throw new ApiError(400, code, `${what}不符合要求${where}：${first?.message ?? '格式错误'}`, issueDetails(r.error.issues));
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'invalid_json', '请求体不是有效的 JSON');
  }
}

/** The reference acceptance platform (统一受理平台): see docs/backend-contract.md. */
export async function createBackendServer(o: BackendServerOptions): Promise<BackendServer> {
  const log = o.logger ?? createLogger(undefined, 'backend');
  const now = o.now ?? (() => new Date());
  const store = await BackendStore.open(o.dataDir, o.keyring ?? loadKeyring({ dataDir: o.dataDir, log }), false);
  const webhooks = new WebhookSender(store, {
    secret: o.secret,
    retry: { baseMs: o.webhookRetry?.baseMs ?? 1000, maxMs: o.webhookRetry?.maxMs ?? 300_000, maxAttempts: o.webhookRetry?.maxAttempts ?? 50 },
    timeoutMs: o.webhookTimeoutMs ?? 10_000,
    logger: log,
  });
  const server = restify.createServer({ name: 'yjs-acceptance-backend', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyReader({ maxBodySize: 1024 * 1024 }));

  const send = (res: Response, status: number, body: unknown) => {
    res.header('Content-Type', 'application/json; charset=utf-8');
    res.send(status, body);
  };
  const route = (h: Handler) => async (req: Request, res: Response) => {
    try {
      const out = await h(req);
      send(res, out.status, out.body);
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.status >= 500) log.error({ err: e.message, path: req.path() }, 'request failed');
        send(res, e.status, e.body());
        return;
      }
      log.error({ err: (e as Error).message, path: req.path() }, 'unexpected error');
      send(res, 500, new ApiError(500, 'internal', '受理平台内部错误，请稍后重试').body());
    }
  };
  /** Client routes: nothing is read or stored before the signature holds. */
  const signed =
    (h: Handler): Handler =>
    async (req) => {
      const raw = rawBody(req);
      const problem = checkSignature(req.headers, raw || req.url || '', o.secret, { windowSec: o.replayWindowSec ?? DEFAULT_REPLAY_WINDOW_SEC });
      if (problem) throw new ApiError(401, 'bad_signature', SIGNATURE_MESSAGES[problem]);
      return h(req);
    };
  const staff = staffGuard(o.staffToken);
  const param = (req: Request, name: string) => String((req.params as Record<string, string>)[name] ?? '');
  const query = (req: Request) => (req.query ?? {}) as Record<string, string | undefined>;
  const view = (caseNo: string): CaseView => caseView(store.data.cases[caseNo]!, store.data);
  const changed = () => webhooks.wake();

  // restify's own 404/405 bodies are English; the contract promises Chinese messages everywhere
  const words: Record<string, [string, string]> = {
    NotFound: ['not_found', '没有这个接口，请对照接口文档检查路径'],
    MethodNotAllowed: ['method_not_allowed', '该接口不支持这种请求方法'],
    PayloadTooLarge: ['payload_too_large', '请求体过大（上限 1 MB）'],
  };
  for (const [event, [code, message]] of Object.entries(words)) {
    server.on(event, (_req: Request, _res: Response, err: Error & { toJSON?: () => unknown }, cb: () => void) => {
      err.toJSON = () => ({ error: code, message });
      cb();
    });
  }

  server.get(
    '/healthz',
    route(async () => ({ status: 200, body: { ok: true } })),
  );
  const contract = backendOpenApi();
  server.get(
    '/openapi.json',
    route(async () => ({ status: 200, body: contract })),
  );

  server.post(
    '/v1/applications',
    route(
      signed(async (req) => {
        const raw = rawBody(req);
        const key = headerValue(req.headers, HEADER_IDEMPOTENCY);
        if (!key) throw new ApiError(400, 'missing_idempotency_key', '缺少 Idempotency-Key 请求头（应为申请编号 id）');
        const app = parseOr400(Application, parseJson(raw), 'invalid_application', '申请内容');
        if (key !== app.id) throw new ApiError(400, 'idempotency_key_mismatch', 'Idempotency-Key 必须与申请编号 id 相同');
        const { record, replayed } = await submitCase(store, app, bodyHash(raw), now());
        if (!replayed) {
          log.info({ caseNo: record.caseNo, bundle: app.bundle, tasks: record.tasks.length }, 'case accepted');
          changed();
        }
        return { status: replayed ? 200 : 201, body: { caseNo: record.caseNo, replayed, case: view(record.caseNo) } };
      }),
    ),
  );

  server.get(
    '/v1/cases',
    route(
      signed(async (req) => {
        const { channel, userId } = query(req);
        if (!channel || !userId) throw new ApiError(400, 'missing_query', '请提供 channel 和 userId 查询参数');
        const cases = Object.values(store.data.cases)
          .filter((c) => c.application.channel.kind === channel && c.application.channel.userId === userId)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .map((c) => view(c.caseNo));
        return { status: 200, body: { cases } };
      }),
    ),
  );

  server.get('/v1/cases/:caseNo', route(signed(async (req) => ({ status: 200, body: view(findCase(store.data, param(req, 'caseNo')).caseNo) }))));

  server.post(
    '/v1/cases/:caseNo/rating',
    route(
      signed(async (req) => {
        const input = parseOr400(RatingInput, parseJson(rawBody(req)), 'invalid_rating', '评价内容');
        const { record, followUp } = await rateCase(store, param(req, 'caseNo'), input, now());
        changed();
        return { status: 201, body: { rating: record.rating, ...(followUp ? { followUp } : {}), case: view(record.caseNo) } };
      }),
    ),
  );

  if (o.sharedData) {
    const sd = o.sharedData;
    const lookup = (fn: (id: string) => Promise<unknown>) =>
      route(
        signed(async (req) => {
          const rec = await fn(param(req, 'id'));
          if (!rec) throw new ApiError(404, 'record_not_found', '共享数据中没有该记录');
          return { status: 200, body: rec };
        }),
      );
    server.get(
      '/v1/shared-data/persons/:id',
      lookup((id) => sd.lookupPerson(id)),
    );
    server.get(
      '/v1/shared-data/companies/:id',
      lookup((id) => sd.lookupCompany(id)),
    );
  }

  server.get(
    '/v1/staff/tasks',
    route(
      staff(async (req) => {
        const { department, status, caseNo } = query(req);
        const tasks = Object.values(store.data.cases)
          .filter((c) => !caseNo || c.caseNo === caseNo)
          .flatMap((c) => c.tasks.map((t) => ({ ...t, bundle: c.application.bundle, caseStatus: c.status, createdAt: c.createdAt })))
          .filter((t) => (!department || t.department === department) && (!status || t.status === status));
        return { status: 200, body: { tasks } };
      }),
    ),
  );

  server.get(
    '/v1/staff/cases/:caseNo',
    route(
      staff(async (req) => {
        const r = findCase(store.data, param(req, 'caseNo'));
        return { status: 200, body: { case: view(r.caseNo), application: r.application } };
      }),
    ),
  );

  server.patch(
    '/v1/staff/tasks/:taskId',
    route(
      staff(async (req) => {
        const u = parseOr400(TaskUpdate, parseJson(rawBody(req)), 'invalid_task_update', '任务变更');
        const record = await updateTask(store, param(req, 'taskId'), u, now());
        changed();
        const task = record.tasks.find((t) => t.id === param(req, 'taskId'));
        return { status: 200, body: { task, case: view(record.caseNo) } };
      }),
    ),
  );

  server.get(
    '/v1/staff/follow-ups',
    route(
      staff(async (req) => {
        const { status } = query(req);
        const followUps = Object.values(store.data.followUps).filter((f) => !status || f.status === status);
        return { status: 200, body: { followUps } };
      }),
    ),
  );

  server.patch(
    '/v1/staff/follow-ups/:id',
    route(
      staff(async (req) => {
        const u = parseOr400(FollowUpUpdate, parseJson(rawBody(req)), 'invalid_follow_up_update', '回访变更');
        const record = await updateFollowUp(store, param(req, 'id'), u, now());
        changed();
        return { status: 200, body: { followUp: store.data.followUps[param(req, 'id')], case: view(record.caseNo) } };
      }),
    ),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  await webhooks.setUrl(o.webhookUrl);
  const port = (server.address() as AddressInfo).port;
  const host = o.host && o.host !== '0.0.0.0' && o.host !== '::' ? o.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    server,
    setWebhookUrl: (url) => webhooks.setUrl(url),
    wakeWebhooks: () => webhooks.wake(),
    webhooksIdle: () => webhooks.idle(),
    close: async () => {
      await webhooks.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
