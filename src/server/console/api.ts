import type { Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Knowledge } from '../../knowledge/load.js';
import type { BundleId } from '../../knowledge/schema/index.js';
import type { AnswerValue } from '../../knowledge/expr/index.js';
import { askedQuestions, buildChecklist, compiledBundle, effectiveAnswers, answerLabel, findQuestion } from '../../engine/index.js';
import { renderChecklist } from '../../bot/render/checklist.js';
import { groupCode, type HandoffStore } from '../../bot/handoff.js';
import { isOpen, type HandoverEntry, type HandoverStore } from '../../bot/handovers.js';
import type { HandoverChat } from '../../bot/handover-chat.js';
import type { ConversationData, Understanding } from '../../bot/types.js';
import type { Logger } from '../../util/log.js';
import { maskPhone } from '../../util/mask.js';
import { DataKeyError } from '../../util/crypto-at-rest.js';
import { fail, readJson } from '../http.js';
import { sessionOf, signedIn } from './auth.js';
import { conversationKey } from '../../bot/state/keys.js';
import { DeskError, type HandoverDesk } from './desk.js';
import { readAloud, smsText } from './script.js';
import { MOBILE_RE, type SmsOutbox } from './sms.js';

export interface ConsoleApiDeps {
  k: Knowledge;
  nlu: Understanding;
  storage: Storage;
  handovers: HandoverStore;
  handoverChat: HandoverChat;
  desk: HandoverDesk;
  handoff: HandoffStore;
  sms: SmsOutbox;
  today: () => string;
  log: Logger;
}

const Answer = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.array(z.string().max(64)).max(50)]);
const Situation = z.object({ bundle: z.string().max(64), answers: z.record(z.string().max(64), Answer).default({}) });
const Search = z.object({ text: z.string().trim().min(1, '请输入来电人说的话').max(1000, '文字不能超过 1000 字') });
const Reply = z.object({ text: z.string().trim().min(1, '请输入回复内容').max(1000, '回复不能超过 1000 字') });
const Sms = Situation.extend({ phone: z.string().trim().regex(MOBILE_RE, '请填写 11 位手机号') });

const json = <S extends z.ZodType>(req: Request, res: Response, schema: S) => readJson(req, res, schema);

export function registerConsoleApi(restify: Server, d: ConsoleApiDeps): void {
  const { k } = d;
  // every route checks the session itself (deny by default), whatever the guard in front decided
  const server = {
    get: (path: string, h: (req: Request, res: Response) => Promise<void>) => restify.get(path, signedIn(h)),
    post: (path: string, h: (req: Request, res: Response) => Promise<void>) => restify.post(path, signedIn(h)),
  };
  const bundleName = (id: string) => k.bundles.get(id as BundleId)?.name ?? id;

  /** The bundle and the answers that still count, or null after answering 404. */
  const situation = (res: Response, s: z.output<typeof Situation>) => {
    if (!k.compiled.has(s.bundle as BundleId)) {
      fail(res, 404, `没有名为「${s.bundle}」的一件事。`);
      return null;
    }
    const cb = compiledBundle(k, s.bundle);
    return { cb, bundle: s.bundle as BundleId, answers: effectiveAnswers(cb, s.answers) };
  };

  server.get('/console/api/me', async (req: Request, res: Response) => {
    const s = sessionOf(req);
    res.json({ user: s.user, expiresAt: new Date(s.expiresAt).toISOString() });
  });

  server.get('/console/api/bundles', async (_req: Request, res: Response) => {
    res.json({
      bundles: [...k.compiled.values()].map((cb) => ({
        id: cb.bundle.id,
        name: cb.bundle.name,
        questions: cb.questions.map((q) => ({
          id: q.id,
          type: q.type,
          text: q.text,
          why: q.why,
          topic: q.topic,
          unit: q.unit,
          min: q.min,
          max: q.max,
          options: q.options?.map((o) => ({ id: o.id, label: o.label })),
          labels: q.labels,
        })),
      })),
    });
  });

  server.post('/console/api/search', async (req: Request, res: Response) => {
    const b = await json(req, res, Search);
    if (!b) return;
    const p = d.nlu.parse(b.text);
    const cb = p.bundle && k.compiled.has(p.bundle) ? compiledBundle(k, p.bundle) : null;
    const answers: Record<string, AnswerValue> = {};
    const facts: { question: string; topic: string; label: string }[] = [];
    for (const [id, a] of Object.entries(p.answers)) {
      const q = cb && findQuestion(cb, id);
      if (!q) continue;
      answers[id] = a;
      facts.push({ question: id, topic: q.topic, label: answerLabel(q, a) });
    }
    res.json({
      bundle: cb ? cb.bundle.id : null,
      bundleName: cb ? cb.bundle.name : null,
      confidence: p.bundleConfidence,
      candidates: p.candidates.map((c) => ({ bundle: c.bundle, name: bundleName(c.bundle), confidence: c.confidence })),
      answers,
      facts,
    });
  });

  server.post('/console/api/checklist', async (req: Request, res: Response) => {
    const b = await json(req, res, Situation);
    const s = b && situation(res, b);
    if (!s) return;
    const checklist = buildChecklist(k, s.bundle, s.answers, { today: d.today() });
    const script = readAloud(checklist);
    res.json({
      asked: askedQuestions(s.cb, s.answers).map((q) => q.id),
      answers: s.answers,
      checklist,
      script: script.head,
      scriptMore: script.more,
      text: renderChecklist(checklist).join('\n\n'),
      sms: smsText(checklist),
    });
  });

  server.post('/console/api/sms', async (req: Request, res: Response) => {
    const b = await json(req, res, Sms);
    const s = b && situation(res, b);
    if (!b || !s) return;
    const by = sessionOf(req).user;
    // the rest of the checklist (forms, copies, fees) is one 续办 code away in the Official Account
    const code = await d.handoff.create({ bundle: s.bundle, answers: s.answers, by });
    const text = smsText(buildChecklist(k, s.bundle, s.answers, { today: d.today() }), groupCode(code));
    const rec = await d.sms.send(b.phone, text, by);
    res.json({ message: { ...rec, to: maskPhone(rec.to) } });
  });

  server.get('/console/api/sms', async (_req: Request, res: Response) => {
    res.json({ messages: (await d.sms.list()).map((m) => ({ ...m, to: maskPhone(m.to) })) });
  });

  server.post('/console/api/handoff', async (req: Request, res: Response) => {
    const b = await json(req, res, Situation);
    const s = b && situation(res, b);
    if (!s) return;
    const by = sessionOf(req).user;
    const code = await d.handoff.create({ bundle: s.bundle, answers: s.answers, by });
    d.log.info({ by, bundle: s.bundle }, 'console hand-off code');
    res.json({ code, say: `请在公众号发送：续办 ${groupCode(code)}`, validHours: 24 });
  });

  /** Open requests first, the longest waiting on top; then the handled ones, newest first. */
  const ORDER: Record<HandoverEntry['status'], number> = { waiting: 0, missed: 1, taken: 2, resolved: 3 };
  server.get('/console/api/handovers', async (_req: Request, res: Response) => {
    const list = (await d.handovers.list())
      .sort((a, b) => ORDER[a.status] - ORDER[b.status] || (isOpen(a) ? a.at.localeCompare(b.at) : b.at.localeCompare(a.at)))
      .slice(0, 100);
    const keys = list.map((h) => conversationKey(h.channel, h.conversationId));
    const state = await readEach(d.storage, keys, d.log);
    res.json({
      waiting: list.filter((h) => h.status === 'waiting').length,
      handovers: list.map((h, i) => {
        const conv = (state[keys[i]!] as { conversation?: ConversationData } | undefined)?.conversation;
        return {
          ...h,
          waitedMinutes: h.status === 'waiting' || h.status === 'missed' ? Math.floor(d.handoverChat.waited(h) / 60_000) : null,
          bundleName: h.bundle ? bundleName(h.bundle) : null,
          transcript: conv?.transcript ?? [],
          // said by the operator or the bot but not yet delivered: the citizen reads it at their next message
          pending: (conv?.unseen ?? []).map((r) => r.text),
          answers: conv?.bundle && k.compiled.has(conv.bundle) ? labelled(conv.bundle, conv.answers) : [],
        };
      }),
    });
  });

  /** Runs a desk action, turning its refusals into the page's Chinese errors. */
  const desk = async (res: Response, fn: () => Promise<unknown>) => {
    try {
      res.json({ ok: true, result: await fn() });
    } catch (e) {
      if (e instanceof DeskError) return fail(res, e.status, e.message);
      throw e;
    }
  };
  const idOf = (req: Request) => String((req.params as { id?: string }).id ?? '');
  const DELIVERY = { sent: '已发出', kept: '对方的通道现在收不到，已留言，对方下次发消息时会先看到' };

  server.post('/console/api/handovers/:id/take', async (req: Request, res: Response) =>
    desk(res, async () => DELIVERY[(await d.desk.take(idOf(req), sessionOf(req).user)).delivery]),
  );
  server.post('/console/api/handovers/:id/reply', async (req: Request, res: Response) => {
    const b = await json(req, res, Reply);
    if (!b) return;
    await desk(res, async () => DELIVERY[await d.desk.reply(idOf(req), b.text, sessionOf(req).user)]);
  });
  server.post('/console/api/handovers/:id/handback', async (req: Request, res: Response) =>
    desk(res, async () => DELIVERY[await d.desk.handBack(idOf(req), sessionOf(req).user)]),
  );
  server.post('/console/api/handovers/:id/resolve', async (req: Request, res: Response) => {
    const id = idOf(req);
    const by = sessionOf(req).user;
    const ok = await d.handovers.update(id, (h) => void Object.assign(h, { status: 'resolved', resolvedAt: new Date().toISOString() }));
    if (!ok) return fail(res, 404, '没有这条待处理的转人工请求（可能已处理）。');
    d.log.info({ by, conversation: id }, 'handover resolved');
    res.json({ ok: true });
  });

  function labelled(bundle: BundleId, answers: Record<string, AnswerValue>): { topic: string; label: string }[] {
    const cb = compiledBundle(k, bundle);
    return Object.entries(effectiveAnswers(cb, answers)).flatMap(([id, a]) => {
      const q = findQuestion(cb, id);
      return q ? [{ topic: q.topic, label: answerLabel(q, a) }] : [];
    });
  }
}

export { conversationKey } from '../../bot/state/keys.js';

/**
 * The conversations of the listed requests. A record sealed under a key this instance does not have
 * (DATA_ENCRYPTION_KEY changed without the old one in DATA_ENCRYPTION_OLD_KEYS) must not hide every other
 * request from the operators: the records are then read one by one and that one is left out, logged.
 */
async function readEach(storage: Storage, keys: string[], log: Logger): Promise<Record<string, unknown>> {
  if (keys.length === 0) return {};
  try {
    return await storage.read(keys);
  } catch (e) {
    if (!(e instanceof DataKeyError)) throw e;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    try {
      Object.assign(out, await storage.read([key]));
    } catch (e) {
      if (!(e instanceof DataKeyError)) throw e;
      log.warn({ err: e.message }, 'a handover conversation sealed with a key not configured: listed without its transcript');
    }
  }
  return out;
}
