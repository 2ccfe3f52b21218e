import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import { loadKnowledge, type Knowledge } from '../knowledge/load.js';
import { createNlu } from '../nlu/index.js';
import { isoToday } from '../engine/index.js';
import { createBackendServer, type BackendServer } from '../../apps/backend/server.js';
import { LocalSharedData } from '../../apps/backend/shared-data/local.js';
import { PROJECT_ROOT } from '../knowledge/load.js';
import { WeChatConfig, registerWeChat, registerWeCom } from '../channels/wechat/index.js';
import type { Logger } from '../util/log.js';
import type { Understanding } from '../bot/types.js';
import { ConfigError, configSecrets, type Config } from './config.js';
import { secretsVerdict } from '../util/secrets.js';
import { createApp, type App } from './app.js';
import { openStores } from './stores/index.js';
import { redisWeixinShared } from './stores/redis-weixin.js';
import { redisLimiters } from './stores/redis-rate-limit.js';
import { sharedConsole } from './stores/shared-console.js';
import { PgOutbox } from './stores/pg-outbox.js';
import { RedisFailureCounter } from './stores/redis-failures.js';
import { loadKeyring, sealingCodec } from '../util/crypto-at-rest.js';
import { wireApplications, type ContinueFn } from './applications.js';
import { DocumentLinks } from '../bot/apply/document-links.js';
import { registerDocuments } from './documents/route.js';
import { registerConsole } from './console/index.js';
import { registerResults } from './metrics/results-route.js';

export interface StartOptions {
  /** knowledge already loaded (tests share one) */
  k?: Knowledge;
  nlu?: Understanding;
  storage?: Storage;
  today?: () => string;
  /** outbox retry pacing (tests shorten it) */
  retry?: { baseMs?: number; maxMs?: number };
  submitTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** how long stop() waits for turns in flight (SIGTERM gives the process about ten seconds) */
  drainMs?: number;
  /**
   * false: everything but the port. The terminal chat (scripts/chat.ts) builds the assistant this way,
   * so the terminal and the server cannot drift; its reference backend then takes any free port.
   */
  listen?: boolean;
}

export interface Started {
  app: App;
  /** the bot server's own address ('' when built without a port) */
  url: string;
  backendUrl: string;
  /** the reference backend when this process runs it (BACKEND_URL unset) */
  backend: BackendServer | null;
  k: Knowledge;
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs, in the order the parts need each other: knowledge and understanding,
 * the bot server with its state, the acceptance backend (the reference one beside the bot unless
 * BACKEND_URL names another), the channels and the console, then the port, then the backend's webhook
 * pointed at the port that was actually bound.
 */
export async function startServer(config: Config, log: Logger, o: StartOptions = {}): Promise<Started> {
  for (const w of secretsVerdict(config.HOST, configSecrets(config)).warn ?? [])
    log.warn(`${w}；仅监听本机 ${config.HOST}，可以试用，对外提供服务前必须更换（loopback only: fine for trying it, change before serving anyone）`);
  const k = o.k ?? (await loadKnowledge());
  const nlu = o.nlu ?? createNlu(k);
  const today = o.today ?? (() => isoToday());
  const wechatConfig = channelConfig(o.env ?? process.env);
  // DATABASE_URL + REDIS_URL: state and turn lock shared by every instance; neither: the embedded files
  const storeEnv = o.env ?? process.env;
  // every instance must open what another sealed: a key generated per instance would lock each out of the others' records
  if (!o.storage && (storeEnv.DATABASE_URL?.trim() || storeEnv.REDIS_URL?.trim()) && !config.DATA_ENCRYPTION_KEY?.trim()) {
    throw new ConfigError(
      '使用共享存储（DATABASE_URL / REDIS_URL）时必须设置 DATA_ENCRYPTION_KEY，且每个实例相同（可用 `openssl rand -base64 32` 生成）；否则各实例各自生成密钥，读不了彼此保存的信息。',
    );
  }
  const stores = o.storage ? null : await openStores(storeEnv, resolve(config.DATA_DIR), config.CONVERSATION_TTL_DAYS * 86_400_000, log);
  // operators, sessions and 转人工 requests too, so any instance serves the console
  const consoleStores = sharedConsole(stores, { sessionHours: config.CONSOLE_SESSION_HOURS, handoverKeepDays: config.HANDOVER_KEEP_DAYS });
  const app = createApp({
    config,
    k,
    nlu,
    log,
    handovers: consoleStores?.handovers,
    handoffFailures: stores?.redis ? new RedisFailureCounter(stores.redis) : undefined,
    storage: o.storage ?? stores?.storage,
    sharedStorage: stores?.kind === 'shared',
    lock: stores?.lock,
    sweep: stores?.sweep,
    limiters: stores?.redis ? redisLimiters(stores.redis) : undefined,
    today,
  });

  // the key of the bot's state (the same generated file without DATA_ENCRYPTION_KEY): the in-process
  // backend's store is sealed with it too, so one rotation covers both
  const ring = loadKeyring({ key: config.DATA_ENCRYPTION_KEY, oldKeys: config.DATA_ENCRYPTION_OLD_KEYS, dataDir: app.dataDir });
  let backend: BackendServer | null = null;
  if (!config.BACKEND_URL) {
    backend = await createBackendServer({
      dataDir: join(app.dataDir, 'backend'),
      keyring: ring,
      secret: config.BACKEND_SECRET,
      staffToken: config.STAFF_TOKEN,
      // built for the terminal: a backend for this session only, wherever a port is free
      port: o.listen === false ? 0 : config.BACKEND_PORT,
      host: o.listen === false ? '127.0.0.1' : config.HOST,
      sharedData: await LocalSharedData.load(join(PROJECT_ROOT, 'knowledge/samples/shared-data.yaml')),
      logger: log.child({ part: 'backend' }),
    });
  }
  const backendUrl = config.BACKEND_URL ?? backend!.url.replace('0.0.0.0', '127.0.0.1');

  // with Redis, WeChat's retries find the reply and the signatures another instance saw
  const shared = stores?.redis ? redisWeixinShared(stores.redis, ring) : undefined;
  const channelDeps = { bot: app.bot, storage: app.storage, logger: log, shared };
  const wechat = registerWeChat(app.server, { ...channelDeps, config: wechatConfig });
  const wecom = registerWeCom(app.server, { ...channelDeps, config: wechatConfig });
  const consoleApp = registerConsole(app.server, {
    k,
    nlu,
    config,
    log,
    storage: app.storage,
    handovers: app.handovers,
    handoff: app.handoff,
    dataDir: app.dataDir,
    today,
    bot: app.bot,
    handoverChat: app.handoverChat,
    // the texts sent hold citizens' phone numbers: sealed like the state
    seal: sealingCodec(ring),
    sessions: consoleStores?.sessions,
    users: consoleStores?.users,
    counters: consoleStores?.counters,
    // operators' replies take the status notices' path (defined just below)
    continueFor: (channelId) => continueFor(channelId),
  });
  registerResults(app.server, { metrics: app.metrics, k });

  const botAppId = config.MICROSOFT_APP_ID ?? '';
  const continueFor = (channelId: string): ContinueFn | undefined => {
    if (channelId === 'wechat') return wechat?.adapter.canSendUnasked ? (ref, logic) => wechat.adapter.continueConversation(ref, logic) : undefined;
    if (channelId === 'wecom') return wecom?.adapter.canSendUnasked ? (ref, logic) => wecom.adapter.continueConversation(ref, logic) : undefined;
    // the terminal and the console have no one listening between turns
    if (channelId === 'terminal' || channelId === 'console') return undefined;
    return (ref, logic) => app.adapter.continueConversationAsync(botAppId, ref, logic);
  };
  // filled documents behind short-lived links; the address is the public one, else where this server listens
  const links = new DocumentLinks(app.storage);
  registerDocuments(app.server, { k, links, today });
  let publicBase = config.PUBLIC_URL?.replace(/\/+$/, '');
  const wired = await wireApplications({
    k,
    log,
    backendUrl,
    secret: config.BACKEND_SECRET,
    sharedDataUrl: config.SHARED_DATA_URL,
    continueFor,
    today,
    retry: o.retry,
    submitTimeoutMs: o.submitTimeoutMs,
    telemetry: app.metrics.telemetry,
    // without a port or a PUBLIC_URL nobody could open a link
    documentLink: o.listen === false && !publicBase ? undefined : async (e) => `${publicBase}/documents/${await links.create(e)}`,
    // shared stores: one queue in PostgreSQL that every instance's worker claims from
    makeOutbox: stores?.pool && ring ? (c) => new PgOutbox({ ...c, pool: stores.pool!, ring, listen: true }) : undefined,
  });
  wired.registerWebhook(app.server);
  app.setApplyFlow(wired.flowFor(app.bot, app.storage));

  // the drain: no new turns (503 + Retry-After), those in flight finish and release their locks, the
  // outbox worker stops after its current item, then the stores close
  const stop = async (listening: boolean) => {
    const drained = await app.drain.drain(o.drainMs ?? 8_000);
    if (!drained) log.warn({ turnsInFlight: app.drain.turnsInFlight }, 'turns still running when the drain timed out');
    consoleApp.desk.stop();
    await wired.stop();
    if (listening) await app.close();
    else app.closeTimers();
    await backend?.close();
    await stores?.close();
  };
  if (o.listen === false) return { app, url: '', backendUrl, backend, k, stop: () => stop(false) };

  let port: number;
  try {
    port = await app.listen();
  } catch (e) {
    await stop(false);
    throw e;
  }
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  publicBase ??= url;
  await backend?.setWebhookUrl(`${config.PUBLIC_URL ?? url}/api/backend/events`);
  app.drain.ready();

  return { app, url, backendUrl, backend, k, stop: () => stop(true) };
}

/** The WeChat and WeCom variables, with the same kind of message as the server's own on a wrong value. */
function channelConfig(env: NodeJS.ProcessEnv): WeChatConfig {
  const r = WeChatConfig.safeParse(env);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`微信通道配置有误，服务未启动：\n${lines.join('\n')}\n（各变量的说明见 .env.example 和 docs/wechat.md）`);
}
