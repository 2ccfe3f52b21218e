import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import { inForce, type BundleId, type Faq } from '../knowledge/schema/index.js';
import { isoToday } from './checklist.js';
import { applies, situation } from './items.js';

export interface FaqOptions {
  /** the day whose answers apply (YYYY-MM-DD); defaults to today */
  today?: string;
}

/**
 * The bundle's answers on a topic (到场, 代办, 费用 ...) that hold for this situation and are in force
 * on `today`: an answer not yet effective, or past its `to`, is never given.
 */
export function answerFaq(k: Knowledge, bundle: BundleId | string, topic: Faq['topic'], raw: Answers, opts: FaqOptions = {}): Faq[] {
  const s = situation(k, bundle, raw);
  const today = opts.today ?? isoToday();
  // an answer that depends on a question not asked yet is still worth giving, so unknown counts
  return s.cb.faq.filter((f) => f.topic === topic && inForce(f.effective, today) && applies(f.cond, s.answers, false) !== 'no');
}
