import { join } from 'node:path';
import type { ConversationReference, Storage, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Knowledge } from '../knowledge/load.js';
import { PROJECT_ROOT } from '../knowledge/load.js';
import type { AssistantBot } from '../bot/bot.js';
import { ApplicationFlow, type ApplyDeps } from '../bot/apply/flow.js';
import { caseChanged, deliveredLater } from '../bot/apply/notify.js';
import { OfflineAdapter } from '../bot/offline-adapter.js';
import { tagNotice } from '../bot/apply/notices.js';
import { refusalText, trustedCase } from '../bot/apply/trusted-case.js';
import type { ConversationData, UserData } from '../bot/types.js';
import { BackendClient } from '../acceptance/backend-client.js';
import { Outbox, type OutboxOptions, type OutboxWorker } from '../acceptance/outbox.js';
import { verifyWebhook } from '../acceptance/webhook-receiver.js';
import type { Channel } from '../acceptance/contract/application.js';
import { HttpSharedData } from '../acceptance/shared-data-http.js';
import { LocalSharedData } from '../../apps/backend/shared-data/local.js';
import type { SharedDataProvider } from '../acceptance/contract/shared-data.js';
import type { Logger } from '../util/log.js';
import { readRaw } from './http.js';
import { conversationKey } from '../bot/state/keys.js';
import { noTelemetry, type Telemetry } from '../bot/telemetry.js';
import { countingCases, countingSubmission } from './metrics/ports.js';

export type ContinueFn = (reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => Promise<void>;

export interface ApplicationsOptions {
  k: Knowledge;
  log: Logger;
  backendUrl: string;
  secret: string;
  sharedDataUrl?: string;
  /** how each channel speaks first: Bot Framework channels via CloudAdapter, WeChat via 客服消息 */
  continueFor: (channelId: string) => ContinueFn | undefined;
  today: () => string;
  retry?: { baseMs?: number; maxMs?: number };
  submitTimeoutMs?: number;
  /** where submitted applications and ratings are counted */
  telemetry?: Telemetry;
  /** the link to a case's filled documents (src/server/documents) */
  documentLink?: ApplyDeps['documentLink'];
  /** another outbox than the storage document (PostgreSQL when instances share stores) */
  makeOutbox?: (o: Omit<OutboxOptions, 'storage'>) => OutboxWorker;
}

/**
 * Wires 一表申报 to the acceptance backend: the outbox worker, the application flow, the shared-data
 * provider, and the signed webhook on which the backend tells the bot that a case moved.
 */
export async function wireApplications(o: ApplicationsOptions) {
  const client = new BackendClient({ baseUrl: o.backendUrl, secret: o.secret });
  const shared: SharedDataProvider = o.sharedDataUrl
    ? new HttpSharedData({ baseUrl: o.sharedDataUrl, secret: o.secret })
    : await LocalSharedData.load(join(PROJECT_ROOT, 'knowledge/samples/shared-data.yaml'));

  let bot: AssistantBot | undefined;
  let storage: Storage | undefined;
  let outbox: OutboxWorker | undefined;

  /** The stored reference of a conversation, or one rebuilt from the application's channel. */
  const referenceOf = async (ch: Channel): Promise<Partial<ConversationReference>> => {
    const key = conversationKey(ch.kind, ch.conversationId);
    const stored = (await storage!.read([key]))[key] as { conversation?: ConversationData } | undefined;
    return (
      stored?.conversation?.reference ?? {
        channelId: ch.kind,
        conversation: { id: ch.conversationId, isGroup: false, conversationType: 'personal', name: '' },
        user: { id: ch.userId, name: '' },
        bot: { id: 'assistant', name: '导办助手' },
        serviceUrl: ch.serviceUrl ?? '',
      }
    );
  };

  const offline = new OfflineAdapter();
  const speak = async (ch: Channel, fn: Parameters<AssistantBot['proactive']>[2]) => {
    if (!bot) return;
    // a channel that cannot be reached unasked still runs the notice, which the user reads at their next message
    const cont = o.continueFor(ch.kind) ?? ((ref, logic) => offline.continueConversation(ref, logic));
    await bot.proactive(cont, await referenceOf(ch), fn);
  };

  const flowFor = (b: AssistantBot, s: Storage) => {
    bot = b;
    storage = s;
    const outboxOptions: Omit<OutboxOptions, 'storage'> = {
      client,
      retry: o.retry,
      logger: o.log,
      onRejected: async (app, error) => {
        await speak(app.channel, (conv) => {
          if (conv.apply?.applicationId === app.id) conv.apply = undefined;
          return [{ text: `抱歉，您的申请被受理系统退回（${refusalText(error.message)}）。\n请说「现在申请」重新填写，或说「转人工」。` }];
        }).catch((e) => o.log.warn({ err: e }, 'could not tell the user about a rejected application'));
      },
      onDelivered: async (app, caseNo, info) => {
        if (info.immediate) return; // the user heard it in the same turn
        await speak(app.channel, (conv, user) => deliveredLater(o.k, app, caseNo, conv, user)).catch((e) =>
          o.log.warn({ err: e }, 'could not tell the user about a delivered application'),
        );
      },
    };
    outbox = o.makeOutbox ? o.makeOutbox(outboxOptions) : new Outbox({ storage: s, ...outboxOptions });
    outbox.start();
    const t = o.telemetry ?? noTelemetry;
    return new ApplicationFlow({
      k: o.k,
      today: o.today,
      submission: countingSubmission(outbox, t),
      cases: countingCases(client, t),
      shared,
      submitTimeoutMs: o.submitTimeoutMs,
      log: o.log,
      documentLink: o.documentLink,
    });
  };

  const registerWebhook = (server: Server) => {
    server.post('/api/backend/events', async (req: Request, res: Response) => {
      let raw: string;
      try {
        raw = await readRaw(req, 1024 * 1024);
      } catch {
        res.status(413);
        res.json({ error: '回调内容过大' });
        return;
      }
      const check = verifyWebhook(req.headers, raw, o.secret);
      if (!check.ok) {
        res.status(check.status);
        res.json({ error: check.message });
        return;
      }
      const ev = check.event;
      // the backend retries until it hears 200: remember each event id so a retry says nothing twice
      const seenKey = `backend-events/${ev.id}`;
      const seen = (await storage!.read([seenKey]))[seenKey];
      if (!seen) {
        await storage!.write({ [seenKey]: { at: Date.now() } });
        // the citizen reads a notice built from known fields only, never the event's own text
        const safe = trustedCase(o.k, ev.case);
        if (!safe || safe.caseNo !== ev.caseNo) o.log.warn({ caseNo: ev.caseNo }, 'webhook event with a case number that is not a 受理编号: nothing said');
        else if (ev.type === 'task.updated' || ev.type === 'followup.updated') {
          const name = o.k.bundles.get(safe.bundle)?.name ?? safe.bundle;
          // caseChanged's first reply is the progress notice: tagged so that kept ones fold per case
          const tagged = (conv: ConversationData, user: UserData) => caseChanged(o.k, safe, conv, user).map((r, i) => (i === 0 ? tagNotice(r, safe, name) : r));
          await speak(safe.channel, tagged).catch((e) => o.log.warn({ err: e, caseNo: ev.caseNo }, 'notification failed'));
        }
      }
      res.status(200);
      res.json({ ok: true });
    });
  };

  return {
    client,
    shared,
    flowFor,
    registerWebhook,
    get outbox() {
      return outbox;
    },
    stop: async () => {
      await outbox?.stop();
    },
  };
}
