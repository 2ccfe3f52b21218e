import type { CompiledBundle, CompiledItem, Knowledge } from '../knowledge/load.js';
import { truth, type Answers } from '../knowledge/expr/index.js';
import type { BundleId, Item } from '../knowledge/schema/index.js';
import { compiledBundle } from './bundle.js';
import { effectiveAnswers, pendingQuestions } from './questions.js';

export type Applicability = 'yes' | 'no' | 'maybe';

/**
 * Whether a condition holds for this situation. Once the interview is complete, a condition that is
 * still unknown reads a question that was never asked, so it does not apply.
 */
export function applies(cond: { expr: import('../knowledge/expr/index.js').Expr } | undefined, answers: Answers, complete: boolean): Applicability {
  const t = truth(cond?.expr, answers);
  return t === true ? 'yes' : t === false || complete ? 'no' : 'maybe';
}

export interface Situation {
  cb: CompiledBundle;
  answers: Answers;
  complete: boolean;
}

export function situation(k: Knowledge, bundle: BundleId | string, raw: Answers): Situation {
  const cb = compiledBundle(k, bundle);
  const answers = effectiveAnswers(cb, raw);
  return { cb, answers, complete: pendingQuestions(cb, answers).length === 0 };
}

export function itemsWith(s: Situation, want: Applicability): CompiledItem[] {
  return s.cb.items.filter((ci) => applies(ci.cond, s.answers, s.complete) === want);
}

export function applicableItems(k: Knowledge, bundle: BundleId | string, answers: Answers): Item[] {
  return itemsWith(situation(k, bundle, answers), 'yes').map((ci) => ci.item);
}
