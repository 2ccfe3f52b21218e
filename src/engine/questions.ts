import type { CompiledBundle, CompiledQuestion, Knowledge } from '../knowledge/load.js';
import { truth, type Answers, type AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { compiledBundle } from './bundle.js';
import { trimNumber, yuanText } from './format.js';

/**
 * The answers that still count: walking the questions in order, an answer is kept only while its
 * question is still asked. After "修改" changes an early answer, answers to questions that no longer
 * apply drop out instead of quietly steering the checklist.
 */
export function effectiveAnswers(cb: CompiledBundle, answers: Answers): Record<string, AnswerValue> {
  const kept: Record<string, AnswerValue> = {};
  for (const q of cb.questions) {
    if (truth(q.cond?.expr, kept) !== true) continue;
    const a = answers[q.id];
    if (a !== undefined) kept[q.id] = a;
  }
  return kept;
}

/** Questions that apply to this situation, in order, answered or not. */
export function askedQuestions(cb: CompiledBundle, answers: Answers): CompiledQuestion[] {
  const kept = effectiveAnswers(cb, answers);
  return cb.questions.filter((q) => truth(q.cond?.expr, kept) === true);
}

/**
 * Questions that may still be asked: those asked now plus those whose condition is not yet known.
 * An upper bound that only shrinks as answers come in, so "（2/7）" never turns into "（3/12）".
 */
export function possibleQuestions(cb: CompiledBundle, answers: Answers): CompiledQuestion[] {
  const kept = effectiveAnswers(cb, answers);
  return cb.questions.filter((q) => truth(q.cond?.expr, kept) !== false);
}

export function pendingQuestions(cb: CompiledBundle, answers: Answers): CompiledQuestion[] {
  const kept = effectiveAnswers(cb, answers);
  return askedQuestions(cb, kept).filter((q) => kept[q.id] === undefined);
}

/** The next question to ask, or null when the situation is fully known. */
export function nextQuestion(k: Knowledge, bundle: BundleId | string, answers: Answers): CompiledQuestion | null {
  return pendingQuestions(compiledBundle(k, bundle), answers)[0] ?? null;
}

export function findQuestion(cb: CompiledBundle, id: string): CompiledQuestion | undefined {
  return cb.questions.find((q) => q.id === id);
}

/** How an answer reads back to the user: option labels, 是/否, numbers with units. */
export function answerLabel(q: CompiledQuestion, a: AnswerValue): string {
  if (typeof a === 'boolean') return q.labels ? (a ? q.labels.yes : q.labels.no) : a ? '是' : '否';
  if (Array.isArray(a)) {
    return a.length === 0 ? '都不需要' : a.map((x) => q.options?.find((o) => o.id === x)?.label ?? x).join('、');
  }
  if (q.options) return q.options.find((o) => o.id === a)?.label ?? String(a);
  if (typeof a === 'number') {
    if (q.type === 'money') return yuanText(a);
    if (q.type === 'area') return `${trimNumber(a)}㎡`;
    return `${trimNumber(a)}${q.unit ?? ''}`;
  }
  return a;
}
