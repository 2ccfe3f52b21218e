import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import { inForce, type Block, type BundleId } from '../knowledge/schema/index.js';
import { isoToday } from './checklist.js';
import { applies, situation } from './items.js';

export interface BlockingOptions {
  /** the day whose rules apply (YYYY-MM-DD); defaults to today */
  today?: string;
}

/**
 * The bundle's blocks that hold for these answers: the case cannot be done (经济适用房 held under 5 years
 * cannot be sold on the market). Only a block whose condition is known to hold counts, so an open question
 * never stops the interview; the bot stops on the first one and says `message` and `todo`.
 */
export function blockingFor(k: Knowledge, bundle: BundleId | string, raw: Answers, opts: BlockingOptions = {}): Block[] {
  const s = situation(k, bundle, raw);
  const today = opts.today ?? isoToday();
  return s.cb.blocks.filter((b) => inForce(b.effective, today) && applies(b.cond, s.answers, false) === 'yes').map(({ cond: _cond, ...b }) => b);
}
