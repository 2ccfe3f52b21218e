import { amount } from '../knowledge/expr/index.js';
import { inForce } from '../knowledge/schema/index.js';
import { applies, itemsWith, type Situation } from './items.js';

export interface ChargeLine {
  /** the rule used, so the user (and staff) can see which rate applied */
  id: string;
  name: string;
  payer: string;
  /** 元, rounded to fen; null when a figure it needs (price, area) is not known yet */
  amount: number | null;
  rule: string;
  estimate: boolean;
  source: string;
  effectiveFrom: string;
  verify: boolean;
  note?: string;
  items: string[];
}

export interface ChargeSummary {
  lines: ChargeLine[];
  /** sum of the known amounts */
  total: number;
  /** true when any line is an estimate or has no figure yet */
  estimate: boolean;
}

/**
 * Fees and taxes that apply on `today`: each rule's condition picks it, its amount expression is
 * evaluated over the answers. Taxes are estimates by nature and say so.
 */
export function estimateCharges(s: Situation, today: string): ChargeSummary {
  const lines = new Map<string, ChargeLine>();
  for (const ci of itemsWith(s, 'yes')) {
    for (const cc of ci.charges) {
      const c = cc.charge;
      if (!inForce(c.effective, today)) continue;
      if (applies(cc.cond, s.answers, s.complete) !== 'yes') continue;
      const prev = lines.get(c.id);
      if (prev) {
        prev.items.push(ci.item.id);
        continue;
      }
      const v = amount(cc.amount, s.answers);
      lines.set(c.id, {
        id: c.id,
        name: c.name,
        payer: c.payer,
        amount: v === undefined ? null : Math.round(v * 100) / 100,
        rule: c.rule,
        estimate: c.estimate,
        source: c.source,
        effectiveFrom: c.effective.from,
        verify: c.verify,
        note: c.note,
        items: [ci.item.id],
      });
    }
  }
  const list = [...lines.values()];
  return {
    lines: list,
    total: Math.round(list.reduce((s, l) => s + (l.amount ?? 0), 0) * 100) / 100,
    estimate: list.some((l) => l.estimate || l.amount === null),
  };
}
