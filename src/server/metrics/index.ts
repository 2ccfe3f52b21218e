import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry, TelemetryEvent } from '../../bot/telemetry.js';
import { DailyCounters } from './daily.js';

/** what the outbox can tell about itself when Prometheus scrapes */
export interface OutboxProbe {
  depth(): Promise<{ pending: number; oldestAgeSeconds: number }>;
}

export interface Metrics {
  registry: Registry;
  telemetry: Telemetry;
  daily: DailyCounters;
  /** the outbox is wired after the app (it needs the backend's address) */
  setOutbox(probe: OutboxProbe): void;
  close(): void;
}

/** names of the durable daily counts the results page reads */
export const DAILY = {
  conversations: 'conversations',
  turns: 'turns',
  checklists: 'checklists',
  handoverRequested: 'handover_requested',
  handoverAnswered: 'handover_answered',
  handoverMissed: 'handover_missed',
  submitted: 'submitted',
  rating: (level: string) => `rating:${level}`,
  checklistOf: (bundle: string) => `checklist:${bundle}`,
} as const;

/**
 * The service's counters, in the Prometheus format at /metrics (prom-client) and, for the managers'
 * results page, as durable daily counts. One place turns a bot event into both, so the page and the
 * scrape never disagree on what a "checklist given" is.
 */
export function createMetrics(o: { dailyFile: string; day: () => string; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'yijianshi-assistant' });
  if (o.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const daily = new DailyCounters(o.dailyFile, o.day);

  const turns = new Counter({ name: 'yjs_turns_total', help: 'Messages the bot answered, by channel', labelNames: ['channel'], registers: [registry] });
  const understanding = new Counter({
    name: 'yjs_understanding_total',
    help: 'How the understanding read each message: recognised (a bundle), out_of_scope, answer (facts), not_understood',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'yjs_turn_duration_seconds',
    help: 'Time from a message to the end of its turn (understanding, engine, state), by channel',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const conversations = new Counter({
    name: 'yjs_conversations_started_total',
    help: 'New conversations, by channel',
    labelNames: ['channel'],
    registers: [registry],
  });
  const checklists = new Counter({
    name: 'yjs_checklists_total',
    help: 'Checklists given (first per case), by bundle',
    labelNames: ['bundle'],
    registers: [registry],
  });
  const handovers = new Counter({
    name: 'yjs_handovers_total',
    help: '转人工: requested, answered by an operator, missed (nobody in time)',
    labelNames: ['stage'],
    registers: [registry],
  });
  const submitted = new Counter({
    name: 'yjs_applications_submitted_total',
    help: 'Applications submitted from the chat; queued=true when the backend was not reachable yet',
    labelNames: ['bundle', 'queued'],
    registers: [registry],
  });
  const ratings = new Counter({ name: 'yjs_ratings_total', help: '好差评 ratings by level', labelNames: ['level'], registers: [registry] });
  const wechat = new Counter({
    name: 'yjs_wechat_async_sends_total',
    help: 'WeChat/WeCom messages sent later (客服消息), by result and errcode',
    labelNames: ['result', 'errcode'],
    registers: [registry],
  });

  let outbox: OutboxProbe | null = null;
  let lastDepth: { pending: number; oldestAgeSeconds: number } = { pending: 0, oldestAgeSeconds: 0 };
  const readDepth = async () => {
    if (outbox) lastDepth = await outbox.depth().catch(() => lastDepth);
    return lastDepth;
  };
  new Gauge({
    name: 'yjs_outbox_depth',
    help: 'Applications written to the outbox and not yet accepted by the backend',
    registers: [registry],
    async collect() {
      this.set((await readDepth()).pending);
    },
  });
  new Gauge({
    name: 'yjs_outbox_oldest_age_seconds',
    help: 'Age of the oldest application still waiting in the outbox',
    registers: [registry],
    async collect() {
      this.set(lastDepth.oldestAgeSeconds);
    },
  });

  const record = (e: TelemetryEvent): void => {
    switch (e.kind) {
      case 'understanding':
        understanding.inc({ outcome: e.outcome });
        return;
      case 'turn':
        turns.inc({ channel: e.channel });
        turnSeconds.observe({ channel: e.channel }, e.ms / 1000);
        daily.add(DAILY.turns);
        if (e.newConversation) {
          conversations.inc({ channel: e.channel });
          daily.add(DAILY.conversations);
        }
        return;
      case 'checklist':
        if (!e.first) return;
        checklists.inc({ bundle: e.bundle });
        daily.add(DAILY.checklists);
        daily.add(DAILY.checklistOf(e.bundle));
        return;
      case 'handover':
        handovers.inc({ stage: e.stage });
        if (e.stage === 'requested') daily.add(DAILY.handoverRequested);
        if (e.stage === 'answered') daily.add(DAILY.handoverAnswered);
        if (e.stage === 'missed') daily.add(DAILY.handoverMissed);
        return;
      case 'submitted':
        submitted.inc({ bundle: e.bundle, queued: String(e.queued) });
        daily.add(DAILY.submitted);
        return;
      case 'rating':
        ratings.inc({ level: e.level });
        daily.add(DAILY.rating(e.level));
        return;
      case 'wechat_send':
        wechat.inc({ result: e.ok ? 'sent' : 'refused', errcode: e.errcode === undefined ? '' : String(e.errcode) });
        return;
    }
  };

  return {
    registry,
    telemetry: { record },
    daily,
    setOutbox: (probe) => {
      outbox = probe;
    },
    close: () => daily.close(),
  };
}
