import type { CompiledQuestion, Knowledge } from '../knowledge/load.js';
import { truth, type AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import {
  askedQuestions,
  blockingFor,
  possibleQuestions,
  answerLabel,
  buildChecklist,
  compiledBundle,
  effectiveAnswers,
  findQuestion,
  cautiousLines,
  checklistDiff,
  openQuestions,
  otherPartyOpen,
  possibleCharges,
  situation,
  type Checklist,
  type PlanOptions,
} from '../engine/index.js';
import { WORDS } from '../nlu/commands.js';
import { linkActions } from './links.js';
import { renderChecklist } from './render/checklist.js';
import { choicesOf, renderQuestion } from './render/question.js';
import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';

export interface Ctx {
  k: Knowledge;
  today: string;
}

/**
 * Keeps the answers to this bundle's questions except those whose question is known not to be asked.
 * A fact stated ahead of its question ("住了六年" before the house's use is known) waits for it instead
 * of being dropped and asked again; the engine itself only ever counts the answers that apply.
 */
function clean(ctx: Ctx, bundle: BundleId, answers: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const kept: Record<string, AnswerValue> = {};
  for (const q of compiledBundle(ctx.k, bundle).questions) {
    const a = answers[q.id];
    if (a !== undefined && truth(q.cond?.expr, kept) !== false) kept[q.id] = a;
  }
  return kept;
}

export function current(ctx: Ctx, conv: ConversationData): CompiledQuestion | undefined {
  if (!conv.bundle || !conv.current) return undefined;
  return findQuestion(compiledBundle(ctx.k, conv.bundle), conv.current);
}

/** "已记下" lines for facts taken from a sentence, so the user sees what was understood and can fix it. */
function noted(ctx: Ctx, bundle: BundleId, ids: string[], answers: Record<string, AnswerValue>): string | null {
  const cb = compiledBundle(ctx.k, bundle);
  const parts = ids
    .map((id) => findQuestion(cb, id))
    .filter((q): q is CompiledQuestion => q !== undefined && answers[q.id] !== undefined)
    .map((q) => `${q.topic}：${answerLabel(q, answers[q.id]!)}`);
  return parts.length > 0 ? `已记下 ${parts.join('；')}（不对可说「修改 ${findQuestion(cb, ids[0]!)?.topic ?? ''}」）` : null;
}

export function startBundle(ctx: Ctx, conv: ConversationData, bundle: BundleId, facts: Record<string, AnswerValue>): Reply[] {
  const b = ctx.k.bundles.get(bundle)!;
  conv.bundle = bundle;
  conv.mode = 'interview';
  conv.answers = clean(ctx, bundle, facts);
  conv.history = Object.keys(conv.answers);
  conv.current = undefined;
  conv.offered = undefined;
  conv.apply = undefined;
  const cb = compiledBundle(ctx.k, bundle);
  conv.suggested = Object.fromEntries(Object.entries(conv.suggested ?? {}).filter(([id]) => findQuestion(cb, id) !== undefined));
  const intro = `${b.opening ? `${b.opening}\n` : '好的，'}为您办理「${b.name}」：${b.summary}。我先问几个问题，只问会影响材料的。`;
  const note = noted(ctx, bundle, conv.history, conv.answers);
  return [{ text: note ? `${intro}\n${note}` : intro }, ...askNext(ctx, conv)];
}

/** The user's choices that shape which questions are left: skipped ones, fees, the party view. */
export function planOf(conv: ConversationData): PlanOptions {
  return { skipped: conv.skipped, withFees: conv.withFees, party: conv.party, skipOtherParty: conv.otherPartyLater, byImpact: true };
}

/**
 * A first checklist is given once the lines still depending on unanswered questions are few: three,
 * or a fifth of a long list (five open lines of twenty-five still leave the user a usable list).
 */
const fewLines = (bring: number) => Math.max(3, Math.ceil(bring / 5));

/**
 * A blocking rule that holds for the answers (经济适用房 held under 5 years): the interview stops at once,
 * says why and what to do instead, and keeps the case, so a mistaken answer can still be corrected.
 */
export function stopIfBlocked(ctx: Ctx, conv: ConversationData): Reply[] | null {
  const block = blockingFor(ctx.k, conv.bundle!, conv.answers, { today: ctx.today })[0];
  if (!block) return null;
  conv.mode = 'done';
  conv.current = undefined;
  conv.provisional = true;
  const offer = [WORDS.change, WORDS.handover, WORDS.other];
  conv.lastChoices = offer;
  return [
    {
      text: `⚠ ${block.message}\n怎么办：${block.todo}\n依据：${block.source}\n您的回答都保留着；如果哪一项说错了，说「修改 …」改过来就能接着办。`,
      actions: offer,
    },
  ];
}

/** Asks the next open question, or gives the checklist when none is left (or when the rest change only a few lines). */
export function askNext(ctx: Ctx, conv: ConversationData, opts: { why?: boolean; again?: boolean } = {}): Reply[] {
  const bundle = conv.bundle!;
  conv.answers = clean(ctx, bundle, conv.answers);
  conv.history = conv.history.filter((id) => conv.answers[id] !== undefined);
  const stopped = stopIfBlocked(ctx, conv);
  if (stopped) return stopped;
  const open = openQuestions(ctx.k, bundle, conv.answers, planOf(conv));
  const q = open[0];
  if (!q) return finish(ctx, conv);
  if (!opts.again && !conv.provisional && conv.mode === 'interview' && conv.history.length > 0) {
    const c = buildChecklist(ctx.k, bundle, conv.answers, { today: ctx.today });
    if (c.maybe.length <= fewLines(c.bring.length) && c.bring.length > 0) return finish(ctx, conv, { open: open.length, maybe: c.maybe.map((m) => m.name) });
  }
  conv.current = q.id;
  conv.mode = 'interview';
  const reply = renderQuestion(q, { ...numbering(ctx, conv, q), why: opts.why, likely: conv.suggested?.[q.id] });
  conv.lastChoices = choicesOf(q);
  return [reply];
}

/**
 * A question's number and the count: numbered by the questions shown, so facts said in passing do not make
 * the count jump, and a question asked again (上一步, 修改, a contradiction) keeps its number.
 */
function numbering(ctx: Ctx, conv: ConversationData, q: CompiledQuestion): { step: number; total: number } {
  if (!conv.asked?.includes(q.id)) conv.asked = [...(conv.asked ?? []), q.id];
  const step = conv.asked.indexOf(q.id) + 1;
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const answered = askedQuestions(cb, conv.answers).filter((x) => conv.answers[x.id] !== undefined).length;
  const remaining = possibleQuestions(cb, conv.answers).length - answered - 1;
  return { step, total: Math.max(step, step + remaining) };
}

/** The checklist for the case as it stands, with the 「不清楚」 lines marked. */
export function checklistOf(ctx: Ctx, conv: ConversationData, party = conv.party): { c: Checklist; parts: string[] } {
  const c = buildChecklist(ctx.k, conv.bundle!, conv.answers, { today: ctx.today });
  const unsure = cautiousLines(ctx.k, conv.bundle!, conv.answers, conv.unsure ?? [], ctx.today);
  const skipped = (conv.skipped ?? []).map((id) => findQuestion(compiledBundle(ctx.k, conv.bundle!), id)?.topic).filter(Boolean) as string[];
  const feesPending = !c.complete && possibleCharges(situation(ctx.k, conv.bundle!, conv.answers), ctx.today).length > 0;
  return { c, parts: renderChecklist(c, { unsure, party, pending: skipped, feesPending }) };
}

/**
 * Gives the checklist. `provisional`: questions remain, but they can only add or remove the few lines
 * named; the user may answer them (「继续回答」) or go on with this list.
 */
export function finish(ctx: Ctx, conv: ConversationData, provisional?: { open: number; maybe: string[] }): Reply[] {
  const stopped = stopIfBlocked(ctx, conv);
  if (stopped) return stopped;
  conv.mode = 'done';
  conv.current = undefined;
  if (provisional) conv.provisional = true;
  else {
    // the interview is over: facts for questions that never came up are not part of the application
    conv.answers = effectiveAnswers(compiledBundle(ctx.k, conv.bundle!), conv.answers);
    conv.history = conv.history.filter((id) => conv.answers[id] !== undefined);
  }
  const { c, parts } = checklistOf(ctx, conv);
  const before = conv.shown;
  conv.shown = c.bring.map((m) => m.name);
  const replies: Reply[] = parts.map((text) => ({ text }));
  if (before) replies.push({ text: diffText(checklistDiff(before, conv.shown)) });
  const cb = compiledBundle(ctx.k, conv.bundle!);
  if (conv.party && conv.otherPartyLater) {
    const other = otherPartyOpen(ctx.k, conv.bundle!, conv.answers, conv.party);
    const who = other[0] ? /^(.方)/.exec(other[0].topic)?.[1] : undefined;
    if (who)
      replies.push({
        text: `请${who}准备：以下情况要${who}自己确认，会影响${who}要带的材料——${[...new Set(other.map((q) => q.topic))].join('、')}。可以让${who}直接来问我，或说「${WORDS.continue}」替${who}回答。`,
      });
  }
  // the linked matters the checklist names, as buttons (src/bot/links.ts)
  const links = linkActions(
    ctx,
    conv,
    c.related.map((r) => r.bundle),
  );
  const offer: string[] = [
    ...(provisional ? [WORDS.continue, WORDS.apply, WORDS.change, WORDS.handover] : [WORDS.apply, WORDS.change, WORDS.other, WORDS.handover]),
    ...links,
  ];
  const open = openQuestions(ctx.k, conv.bundle!, conv.answers, { ...planOf(conv), withFees: true, skipOtherParty: false });
  const fees = open.filter((q) => !openQuestions(ctx.k, conv.bundle!, conv.answers, planOf(conv)).includes(q) && !(conv.skipped ?? []).includes(q.id));
  const lead = provisional
    ? `这是按目前回答先给您的清单。还有${provisional.open}个问题没问，它们只影响${provisional.maybe.length > 0 ? `这几项：${provisional.maybe.join('、')}` : '个别材料'}。`
    : '以上就是全部清单。';
  const feeHint =
    !conv.withFees && fees.length > 0 && cb.questions.some((q) => fees.includes(q))
      ? `\n想估算税费，说「${WORDS.fees}」（还要问${fees.map((q) => q.topic).join('、')}）。`
      : '';
  conv.lastChoices = offer;
  return [...replies, { text: `${lead}${feeHint}\n接下来您可以：\n${offer.map((o, i) => `${i + 1}. ${o}`).join('\n')}`, actions: offer }];
}

/** what a changed answer did to the list to bring, said the same way wherever a list changes */
export function diffText(d: { added: string[]; removed: string[] }): string {
  if (d.added.length === 0 && d.removed.length === 0) return '和上次给您的清单相比，要带的材料没有变化。';
  return ['和上次给您的清单相比：', ...d.added.map((n) => `＋ 新增：${n}`), ...d.removed.map((n) => `－ 不用带了：${n}`)].join('\n');
}

/** Records the answer to the current question and any other facts the same message stated. */
export function record(ctx: Ctx, conv: ConversationData, q: CompiledQuestion, a: AnswerValue, extra: Record<string, AnswerValue>): Reply[] {
  conv.answers[q.id] = a;
  conv.history = [...conv.history.filter((id) => id !== q.id), q.id];
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const added: string[] = [];
  for (const [id, v] of Object.entries(extra)) {
    if (id === q.id || conv.answers[id] !== undefined || !findQuestion(cb, id)) continue;
    conv.answers[id] = v;
    conv.history.push(id);
    added.push(id);
  }
  const replies: Reply[] = [];
  const note = added.length > 0 ? noted(ctx, conv.bundle!, added, clean(ctx, conv.bundle!, conv.answers)) : null;
  if (note) replies.push({ text: note });
  return [...replies, ...askNext(ctx, conv)];
}

/** Facts stated for later questions while the current one is still open: keep them, ask again. */
export function absorb(ctx: Ctx, conv: ConversationData, facts: Record<string, AnswerValue>): Reply[] | null {
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const added = Object.keys(facts).filter((id) => conv.answers[id] === undefined && findQuestion(cb, id));
  if (added.length === 0) return null;
  for (const id of added) {
    conv.answers[id] = facts[id]!;
    conv.history.push(id);
  }
  const note = noted(ctx, conv.bundle!, added, clean(ctx, conv.bundle!, conv.answers));
  return [{ text: `${note ? `${note}\n` : ''}不过这一题还没答上，请再看一下：` }, ...askNext(ctx, conv, { again: true })];
}

export function back(ctx: Ctx, conv: ConversationData): Reply[] {
  if (!conv.bundle) return [{ text: '还没有开始办理事项，没有上一步。请说说您要办什么事。' }];
  const last = conv.history.pop();
  if (!last) return [{ text: '已经是第一个问题了。' }, ...askNext(ctx, conv)];
  delete conv.answers[last];
  return [{ text: '好的，回到上一个问题。' }, ...askNext(ctx, conv)];
}

/** The questions an answer can be changed for: those asked so far, and facts stated ahead of their question. */
function changeable(ctx: Ctx, conv: ConversationData): CompiledQuestion[] {
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const asked = new Set(askedQuestions(cb, conv.answers));
  return cb.questions.filter((q) => asked.has(q) || conv.answers[q.id] !== undefined);
}

/** Finds the question the user wants to change, by id, topic or words of its text. */
export function findChangeTarget(ctx: Ctx, conv: ConversationData, target: string): CompiledQuestion | undefined {
  if (!conv.bundle || !target) return undefined;
  const asked = changeable(ctx, conv);
  const t = target.replace(/^(一下|下|我的|的)/, '').trim();
  return (
    asked.find((q) => q.id === t) ??
    asked.find((q) => q.topic === t) ??
    asked.find((q) => t.includes(q.topic) || q.topic.includes(t)) ??
    asked.find((q) => q.text.includes(t) || (q.options ?? []).some((o) => o.label.includes(t) || t.includes(o.label)))
  );
}

export function change(ctx: Ctx, conv: ConversationData, target: string, targetId?: string, intro?: string): Reply[] {
  if (!conv.bundle) return [{ text: '还没有开始办理事项。请先说说您要办什么事。' }];
  const cb = compiledBundle(ctx.k, conv.bundle);
  const q = (targetId ? findQuestion(cb, targetId) : undefined) ?? findChangeTarget(ctx, conv, target);
  if (!q) {
    const answered = changeable(ctx, conv).filter((x) => conv.answers[x.id] !== undefined);
    if (answered.length === 0) return [{ text: '您还没有回答过问题。' }, ...askNext(ctx, conv)];
    const actions = answered.map((x) => `修改 ${x.topic}`);
    conv.lastChoices = actions;
    return [
      {
        text: ['想改哪一项？目前的回答：', ...answered.map((x, i) => `${i + 1}. ${x.topic}：${answerLabel(x, conv.answers[x.id]!)}`)].join('\n'),
        actions,
      },
    ];
  }
  delete conv.answers[q.id];
  conv.history = conv.history.filter((id) => id !== q.id);
  conv.mode = 'interview';
  conv.current = q.id;
  conv.lastChoices = choicesOf(q);
  return [{ text: intro ?? `好的，重新回答「${q.topic}」。` }, renderQuestion(q, { ...numbering(ctx, conv, q), likely: conv.suggested?.[q.id] })];
}
