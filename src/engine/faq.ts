import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import type { BundleId, Faq } from '../knowledge/schema/index.js';
import { applies, situation } from './items.js';

/** The bundle's answers on a topic (到场, 代办, 费用 ...) that hold for this situation. */
export function answerFaq(k: Knowledge, bundle: BundleId | string, topic: Faq['topic'], raw: Answers): Faq[] {
  const s = situation(k, bundle, raw);
  // an answer that depends on a question not asked yet is still worth giving, so unknown counts
  return s.cb.faq.filter((f) => f.topic === topic && applies(f.cond, s.answers, false) !== 'no');
}
