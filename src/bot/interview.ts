import type { CompiledQuestion, Knowledge } from '../knowledge/load.js';
import { truth, type AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import {
  askedQuestions,
  possibleQuestions,
  answerLabel,
  buildChecklist,
  compiledBundle,
  effectiveAnswers,
  findQuestion,
  nextQuestion,
} from '../engine/index.js';
import { WORDS } from './commands.js';
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
  const intro = `${b.opening ? `${b.opening}\n` : '好的，'}为您办理「${b.name}」：${b.summary}。我先问几个问题，只问会影响材料的。`;
  const note = noted(ctx, bundle, conv.history, conv.answers);
  return [{ text: note ? `${intro}\n${note}` : intro }, ...askNext(ctx, conv)];
}

/** Asks the next open question, or gives the checklist when none is left. */
export function askNext(ctx: Ctx, conv: ConversationData, opts: { why?: boolean } = {}): Reply[] {
  const bundle = conv.bundle!;
  conv.answers = clean(ctx, bundle, conv.answers);
  conv.history = conv.history.filter((id) => conv.answers[id] !== undefined);
  const q = nextQuestion(ctx.k, bundle, conv.answers);
  if (!q) return finish(ctx, conv);
  conv.current = q.id;
  conv.mode = 'interview';
  const asked = askedQuestions(compiledBundle(ctx.k, bundle), conv.answers);
  const step = asked.filter((x) => conv.answers[x.id] !== undefined).length + 1;
  const total = possibleQuestions(compiledBundle(ctx.k, bundle), conv.answers).length;
  const reply = renderQuestion(q, { step, total, why: opts.why });
  conv.lastChoices = choicesOf(q);
  return [reply];
}

export function finish(ctx: Ctx, conv: ConversationData): Reply[] {
  conv.mode = 'done';
  conv.current = undefined;
  // the interview is over: facts for questions that never came up are not part of the application
  conv.answers = effectiveAnswers(compiledBundle(ctx.k, conv.bundle!), conv.answers);
  conv.history = conv.history.filter((id) => conv.answers[id] !== undefined);
  const c = buildChecklist(ctx.k, conv.bundle!, conv.answers, { today: ctx.today });
  const parts = renderChecklist(c);
  const links = linkActions(ctx, conv, c.related.map((r) => r.bundle));
  const offer = [WORDS.apply, WORDS.change, WORDS.other, WORDS.handover, ...links];
  conv.lastChoices = offer;
  const linkLines = links.map((l, i) => `\n${5 + i}. ${l}`).join('');
  return [
    ...parts.map((text) => ({ text })),
    { text: `以上就是全部清单。接下来您可以：\n1. ${WORDS.apply}（一张表，在线提交）\n2. ${WORDS.change}\n3. ${WORDS.other}\n4. ${WORDS.handover}${linkLines}`, actions: offer },
  ];
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
  return [...(note ? [{ text: note }] : []), ...askNext(ctx, conv)];
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

export function change(ctx: Ctx, conv: ConversationData, target: string, targetId?: string): Reply[] {
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
  const asked = askedQuestions(cb, conv.answers);
  conv.lastChoices = choicesOf(q);
  return [{ text: `好的，重新回答「${q.topic}」。` }, renderQuestion(q, { step: asked.indexOf(q) + 1, total: asked.length })];
}
