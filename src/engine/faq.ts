import type { Knowledge } from '../knowledge/load.js';
import { truth, type AnswerValue, type Answers } from '../knowledge/expr/index.js';
import { inForce, type BundleId, type Faq } from '../knowledge/schema/index.js';
import { isoToday } from './checklist.js';
import { applies, situation } from './items.js';

export interface FaqOptions {
  /** the day whose answers apply (YYYY-MM-DD); defaults to today */
  today?: string;
  /**
   * only the answers that surely hold: none whose condition waits on a question not asked yet. A gift's
   * tax answer is then not followed by the sale's, still "possible" while the transfer kind is open.
   */
  sure?: boolean;
}

/**
 * The bundle's answers on a topic (到场, 代办, 费用 ...) that hold for this situation and are in force
 * on `today`: an answer not yet effective, or past its `to`, is never given.
 */
export function answerFaq(k: Knowledge, bundle: BundleId | string, topic: Faq['topic'], raw: Answers, opts: FaqOptions = {}): Faq[] {
  const s = situation(k, bundle, raw);
  const today = opts.today ?? isoToday();
  // an answer that depends on a question not asked yet is still worth giving, so unknown counts
  if (!opts.sure) return s.cb.faq.filter((f) => f.topic === topic && inForce(f.effective, today) && applies(f.cond, s.answers, false) !== 'no');
  // what the user has told counts, even before the question that would ask it is reached (「加上老婆的名字」
  // says 配偶 while the transfer kind is still open); an answer whose question no longer applies does not
  const told: Record<string, AnswerValue | undefined> = { ...s.answers };
  for (const q of s.cb.questions) if (told[q.id] === undefined && raw[q.id] !== undefined && truth(q.cond?.expr, s.answers) !== false) told[q.id] = raw[q.id];
  return s.cb.faq.filter((f) => f.topic === topic && inForce(f.effective, today) && applies(f.cond, told, false) === 'yes');
}
