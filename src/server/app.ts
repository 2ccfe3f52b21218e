import type { Server } from 'restify';
import restify from '../util/restify.js';
import { join, resolve } from 'node:path';
import type { CloudAdapter, Storage } from 'botbuilder';
import type { Knowledge } from '../knowledge/load.js';
import { isoToday } from '../engine/index.js';
import { AssistantBot } from '../bot/bot.js';
import { HandoverRegistry, type HandoverStore } from '../bot/handovers.js';
import { HandoverChat } from '../bot/handover-chat.js';
import { parseWorkHours } from '../bot/work-hours.js';
import { HandoffStore, type FailureCounter } from '../bot/handoff.js';
import { LowdbStorage } from '../bot/state/lowdb-storage.js';
import { sealedStorage } from '../bot/state/sealed-store.js';
import { lookupKeys } from '../bot/state/hashed-keys.js';
import { loadKeyring, sealingCodec } from '../util/crypto-at-rest.js';
import { KeyedLock, type TurnLock } from '../bot/turn-lock.js';
import { Drain } from './drain.js';
import type { ApplyFlow } from '../bot/turn.js';
import type { Understanding } from '../bot/types.js';
import type { Logger } from '../util/log.js';
import type { Config } from './config.js';
import { registerApi } from './api.js';
import { createCloudAdapter, registerMessages, warnIfAnonymous } from './messages.js';
import { installGuards, type Guards } from './guard/index.js';
import type { LimiterFactory } from './guard/rate-limit.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { countingUnderstanding } from './metrics/understanding.js';
import { countingHandovers } from './metrics/ports.js';
import { registerMetrics } from './metrics/routes.js';

export interface AppDeps {
  config: Config;
  k: Knowledge;
  nlu: Understanding;
  log: Logger;
  storage?: Storage;
  /** the storage is shared by several instances (PostgreSQL): records are looked up with a key they share */
  sharedStorage?: boolean;
  /** the per-conversation turn lock (Redis when shared; in-process by default) */
  lock?: TurnLock;
  /** the rate limiters' counts (Redis when shared; this process's memory by default) */
  limiters?: LimiterFactory;
  /** deletes expired conversations of the storage passed in (hourly); the default lowdb store sweeps itself */
  sweep?: () => Promise<number>;
  /** wrong 续办 codes (Redis when shared; this process's memory by default) */
  handoffFailures?: FailureCounter;
  /** 转人工 requests (PostgreSQL when shared; a file under DATA_DIR by default) */
  handovers?: HandoverStore;
  /** the application flow, when an acceptance backend is wired */
  apply?: (bot: AssistantBot, storage: Storage) => ApplyFlow;
  today?: () => string;
}

export interface App {
  server: Server;
  bot: AssistantBot;
  storage: Storage;
  adapter: CloudAdapter;
  handovers: HandoverStore;
  /** the citizen's side of 转人工 (queue, status, the timeout message) */
  handoverChat: HandoverChat;
  handoff: HandoffStore;
  dataDir: string;
  /** rate limits and abuse guards other routes may apply */
  guards: Guards;
  /** counters for /metrics and the results page */
  metrics: Metrics;
  /** /readyz and the SIGTERM drain: ready once listening, turns counted */
  drain: Drain;
  /** plugs in 一表申报 once the acceptance backend is known */
  setApplyFlow(flow: ApplyFlow): void;
  listen(port?: number, host?: string): Promise<number>;
  close(): Promise<void>;
  /** what close() stops besides the port, for an app that never listened (the terminal) */
  closeTimers(): void;
}

/** Builds the bot server: state, bot, routes. Channels and the console register on `server` after. */
export function createApp(deps: AppDeps): App {
  const { config, k, log } = deps;
  const dataDir = resolve(config.DATA_DIR);
  const today = deps.today ?? (() => isoToday());
  const metrics = createMetrics({ dailyFile: join(dataDir, 'metrics', 'daily.json'), day: today });
  const nlu = countingUnderstanding(deps.nlu, metrics.telemetry);
  const ttlMs = config.CONVERSATION_TTL_DAYS * 86_400_000;
  const lowdb = deps.storage ? null : new LowdbStorage({ dir: join(dataDir, 'state'), ttlMs });
  // personal data is sealed before any storage sees it (the default store and one passed in alike)
  const ring = loadKeyring({ key: config.DATA_ENCRYPTION_KEY, oldKeys: config.DATA_ENCRYPTION_OLD_KEYS, dataDir, log });
  // each item sealed, and kept under an HMAC of its key (keys name people: openids, conversation ids)
  const lookups = lookupKeys({ key: config.DATA_LOOKUP_KEY, ring, dataDir, shared: deps.sharedStorage ?? false });
  const storage: Storage = sealedStorage(deps.storage ?? lowdb!, ring, lookups);
  // taken or missed is counted wherever the status changes (the console's desk, the handover chat)
  const handovers = countingHandovers(
    deps.handovers ?? new HandoverRegistry(join(dataDir, 'handovers.json'), config.HANDOVER_KEEP_DAYS, Date.now, sealingCodec(ring)),
    metrics.telemetry,
  );
  const handoverChat = new HandoverChat({
    store: handovers,
    hours: parseWorkHours(config.HANDOVER_WORK_HOURS, config.HANDOVER_UTC_OFFSET),
    waitMs: config.HANDOVER_WAIT_MINUTES * 60_000,
  });
  const handoff = new HandoffStore(storage, undefined, undefined, deps.handoffFailures);
  const drain = new Drain();

  let applyFlow: ApplyFlow | undefined;
  const bot = new AssistantBot(
    storage,
    {
      k,
      nlu,
      handoff,
      today,
      telemetry: metrics.telemetry,
      get apply() {
        return applyFlow;
      },
      onHandover: async (conv, reason) => {
        const ref = conv.reference;
        await handovers.add({
          conversationId: ref?.conversation?.id ?? 'unknown',
          channel: ref?.channelId ?? 'unknown',
          at: new Date().toISOString(),
          reason,
          bundle: conv.bundle,
        });
        log.info({ conversation: ref?.conversation?.id, bundle: conv.bundle }, 'handover requested');
        return handoverChat.requested(conv);
      },
      handover: handoverChat,
      privacy: { forgetHandovers: (channel, id) => handovers.removeConversation(channel, id) },
    },
    log,
    drain.counting(deps.lock ?? new KeyedLock()),
  );
  if (deps.apply) applyFlow = deps.apply(bot, storage);

  const server = restify.createServer({ name: 'yijianshi-assistant' });
  // first, before any route: no handler may crash the process, paths are normalised before routing
  const guards = installGuards(server, config, log, dataDir, { limiters: deps.limiters });
  drain.register(server);
  guards.guardBot(bot, storage);
  warnIfAnonymous(config, log);
  const adapter = createCloudAdapter(config, log);
  registerApi(server, { k, nlu, started: Date.now() });
  registerMessages(server, adapter, bot, { config, log, guards });
  registerMetrics(server, metrics, config.METRICS_TOKEN);

  const sweep = deps.sweep ?? (lowdb ? () => lowdb.sweep() : null);
  const sweepTimer = sweep ? setInterval(() => void sweep().catch((e) => log.warn({ err: e }, 'sweep failed')), 3_600_000) : null;
  sweepTimer?.unref();
  const closeTimers = () => {
    if (sweepTimer) clearInterval(sweepTimer);
    metrics.close();
  };

  return {
    server,
    bot,
    storage,
    adapter,
    handovers,
    handoverChat,
    handoff,
    dataDir,
    guards,
    metrics,
    drain,
    setApplyFlow: (flow) => {
      applyFlow = flow;
    },
    listen: (port = config.PORT, host = config.HOST) =>
      new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => ok((server.address() as { port: number }).port));
      }),
    close: async () => {
      closeTimers();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
    closeTimers,
  };
}
