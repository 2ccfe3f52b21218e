import { amount, refs } from '../knowledge/expr/index.js';
import { inForce } from '../knowledge/schema/index.js';
import { yuanText } from './format.js';
import { applies, itemsWith, type Situation } from './items.js';

export interface ChargeLine {
  /** the rule used, so the user (and staff) can see which rate applied */
  id: string;
  name: string;
  payer: string;
  /**
   * 元, rounded to fen; null when a figure it needs (price, area) is not known yet, or when the rule
   * has no figure at all (`unpriced`)
   */
  amount: number | null;
  /** set when the provider sets the price: how it is priced, in words ("按燃气公司公示标准收取") */
  unpriced?: string;
  /** the amount as the user reads it: "约1.2万元（估算）", "80元", "免征", "不收费", "金额待定", or the unpriced words */
  display: string;
  rule: string;
  estimate: boolean;
  source: string;
  effectiveFrom: string;
  verify: boolean;
  note?: string;
  items: string[];
  /** the questions whose answers the figure still waits for (area, days…), when it has none yet */
  missing?: string[];
}

export interface PayerTotal {
  payer: string;
  total: number;
  estimate: boolean;
}

export interface ChargeSummary {
  lines: ChargeLine[];
  /** sum of the known amounts: unpriced lines and lines without a figure yet are not in it (see `excluded`) */
  total: number;
  /** the known amounts per payer (买方, 卖方, 银行 ...), payers with something to pay only, in order of appearance */
  byPayer: PayerTotal[];
  /** ids of the lines left out of `total`: unpriced, or without a figure yet */
  excluded: string[];
  /**
   * the total in words, saying who pays what when there are several payers and what it leaves out:
   * "合计约3.21万元，其中买方约2.41万元、卖方8000元；不含受电工程费用（按您自选的设计、施工单位报价）";
   * null when nothing has a positive amount
   */
  totalText: string | null;
  /** true when any line is an estimate or has no figure yet (an unpriced line is not an estimate) */
  estimate: boolean;
}

function displayOf(name: string, v: number | null, estimate: boolean, unpriced: string | undefined): string {
  if (unpriced !== undefined) return unpriced;
  if (v === null) return '金额待定';
  if (v === 0) return name.includes('税') ? '免征' : '不收费';
  // an estimate says so on its own line, not only in a footnote; to the yuan, since fen would claim a precision it lacks
  return estimate ? `约${yuanText(Math.round(v))}（估算）` : yuanText(v);
}

function summarise(lines: ChargeLine[]): ChargeSummary {
  const round = (n: number) => Math.round(n * 100) / 100;
  const known = lines.filter((l) => l.amount !== null);
  const total = round(known.reduce((s, l) => s + l.amount!, 0));
  const byPayer: PayerTotal[] = [];
  for (const l of known) {
    if (l.amount! <= 0) continue;
    const p = byPayer.find((x) => x.payer === l.payer);
    if (p) {
      p.total = round(p.total + l.amount!);
      p.estimate ||= l.estimate;
    } else byPayer.push({ payer: l.payer, total: l.amount!, estimate: l.estimate });
  }
  const excludedLines = lines.filter((l) => l.amount === null);
  const estimate = lines.some((l) => l.estimate || (l.amount === null && l.unpriced === undefined));
  const about = (e: boolean) => (e ? '约' : '');
  let totalText: string | null = null;
  if (total > 0) {
    totalText = `合计${about(byPayer.some((p) => p.estimate))}${yuanText(total)}`;
    if (byPayer.length > 1) totalText += `，其中${byPayer.map((p) => `${p.payer}${about(p.estimate)}${yuanText(p.total)}`).join('、')}`;
    if (excludedLines.length > 0) totalText += `；不含${excludedLines.map((l) => `${l.name}（${l.display}）`).join('、')}`;
  }
  return { lines, total, byPayer, excluded: excludedLines.map((l) => l.id), totalText, estimate };
}

/**
 * Fees and taxes that apply on `today`: each rule's condition picks it, its amount expression is
 * evaluated over the answers. Taxes are estimates by nature and say so; a fee priced by its provider
 * says how it is priced and stays out of the totals.
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
      const v = cc.amount === undefined ? undefined : amount(cc.amount, s.answers);
      const figure = v === undefined ? null : Math.round(v * 100) / 100;
      lines.set(c.id, {
        id: c.id,
        name: c.name,
        payer: c.payer,
        amount: figure,
        ...(c.unpriced !== undefined ? { unpriced: c.unpriced } : {}),
        display: displayOf(c.name, figure, c.estimate, c.unpriced),
        rule: c.rule,
        estimate: c.estimate,
        source: c.source,
        effectiveFrom: c.effective.from,
        verify: c.verify,
        note: c.note,
        items: [ci.item.id],
        ...(figure === null && cc.amount !== undefined ? { missing: [...refs(cc.amount)].filter((id) => s.answers[id] === undefined) } : {}),
      });
    }
  }
  return summarise([...lines.values()]);
}

/**
 * Fees and taxes that may still apply while answers are missing (an item or a condition not yet known),
 * by name and payer: what a user asking "要交多少税" mid-interview should hear about.
 */
export function possibleCharges(s: Situation, today: string): { name: string; payer: string; needs: string[] }[] {
  const seen = new Map<string, { name: string; payer: string; needs: string[] }>();
  for (const ci of s.cb.items) {
    const item = applies(ci.cond, s.answers, s.complete);
    if (item === 'no') continue;
    for (const cc of ci.charges) {
      const c = cc.charge;
      if (!inForce(c.effective, today) || seen.has(c.id)) continue;
      const rule = applies(cc.cond, s.answers, s.complete);
      if (rule === 'no' || (item === 'yes' && rule === 'yes')) continue;
      // the unanswered questions whose answers decide it (契税 waits for 买方类型), so the user hears what is missing
      const read = new Set<string>();
      for (const cond of [ci.cond, cc.cond]) if (cond) refs(cond.expr, read);
      const needs = [...read].filter((id) => s.answers[id] === undefined && s.cb.questions.some((q) => q.id === id));
      seen.set(c.id, { name: c.name, payer: c.payer, needs });
    }
  }
  return [...seen.values()];
}
