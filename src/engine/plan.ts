import type { CompiledBundle, CompiledQuestion, Knowledge } from '../knowledge/load.js';
import { refs, type Answers, type AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { compiledBundle } from './bundle.js';
import { buildChecklist, type Checklist } from './checklist.js';
import { applies, situation } from './items.js';
import { pendingQuestions } from './questions.js';

/**
 * Which questions only change the fees (契税、个税 need 成交价、面积、住房套数…): no item, material, note
 * or form condition reads them, nor the condition of a question that does. Worked out from the
 * knowledge's own conditions, so a new rule that makes a fee question decide a material moves it back
 * into the interview by itself.
 */
const feeOnlyCache = new WeakMap<CompiledBundle, Set<string>>();
export function feeOnlyQuestions(cb: CompiledBundle): Set<string> {
  let out = feeOnlyCache.get(cb);
  if (out) return out;
  const matters = new Set<string>();
  const fees = new Set<string>();
  const add = (set: Set<string>, src: { expr: Parameters<typeof refs>[0] } | undefined) => {
    if (src) refs(src.expr, set);
  };
  for (const it of cb.items) {
    add(matters, it.cond);
    for (const n of it.needs)
      [n.cond, n.sharedCond, n.needSharedCond].forEach((c) => {
        add(matters, c);
      });
    for (const f of it.fields) add(matters, f.cond);
    for (const c of it.charges) {
      add(fees, c.cond);
      if (c.amount) refs(c.amount, fees);
    }
  }
  for (const n of cb.notes) add(matters, n.cond);
  for (const r of cb.related) add(matters, r.cond);
  // a question that opens a question that matters, matters too
  withOpeners(cb, matters);
  // a question nothing reads at all is kept in the interview (it was put there for a reason)
  out = new Set(cb.questions.filter((q) => !matters.has(q.id) && fees.has(q.id)).map((q) => q.id));
  feeOnlyCache.set(cb, out);
  return out;
}

/** Adds to `ids` every question whose askIf reads one of them, walking back until nothing is added. */
function withOpeners(cb: CompiledBundle, ids: Set<string>): Set<string> {
  for (let grew = true; grew; ) {
    grew = false;
    for (const q of cb.questions) {
      if (!ids.has(q.id) || !q.cond) continue;
      for (const id of refs(q.cond.expr)) {
        if (!ids.has(id)) {
          ids.add(id);
          grew = true;
        }
      }
    }
  }
  return ids;
}

export interface PlanOptions {
  /** questions the user could not answer and that have no cautious reading (a price, a date) */
  skipped?: Iterable<string>;
  /** the user wants the fee estimate: fee-only questions are asked too */
  withFees?: boolean;
  /** the party the user speaks for (卖/买…): that party's questions first, the other's only when asked */
  party?: string;
  /** the other party's questions are left for that party (listed as 请X方准备) */
  skipOtherParty?: boolean;
  /** ask the question that changes the most lines first (off: the dialog's order) */
  byImpact?: boolean;
}

/** The party a question is about, from its topic (卖方婚姻状况 → 卖), or undefined for both. */
export function partyOf(q: CompiledQuestion): string | undefined {
  return /^(.)方/.exec(q.topic)?.[1];
}

/** The parties a bundle's questions are about, in the order first asked (卖, 买), when there are two. */
export function partiesOf(cb: CompiledBundle): string[] {
  const out: string[] = [];
  for (const q of cb.questions) {
    const p = partyOf(q);
    if (p && !out.includes(p)) out.push(p);
  }
  return out.length >= 2 ? out : [];
}

/** The answers a question can take, for trying each (a multi question: none, or all). */
function tries(q: CompiledQuestion): AnswerValue[] {
  if (q.type === 'yesno') return [true, false];
  if (q.type === 'single') return q.options!.map((o) => o.id);
  if (q.type === 'multi') return [[], q.options!.map((o) => o.id)];
  return [];
}

/**
 * How many lines of the checklist a question can still change, given the answers so far: the lines
 * present under some of its answers and absent under others. 0 for a number (its effect is on fees).
 */
export function impact(k: Knowledge, bundle: BundleId | string, answers: Answers, q: CompiledQuestion): number {
  if (gatesBlock(k, bundle, answers, q)) return Number.MAX_SAFE_INTEGER;
  const lists = tries(q).map((v) => names(buildChecklist(k, bundle, { ...answers, [q.id]: v })));
  if (lists.length < 2) return 0;
  const all = new Set(lists.flatMap((l) => [...l]));
  return [...all].filter((m) => !lists.every((l) => l.has(m))).length;
}

/**
 * Whether the question's answer can open or rule out a blocking rule (房屋性质 for 经济适用房不满5年): it
 * decides whether the case can be done at all, so it outweighs any line and a block is found at once.
 */
function gatesBlock(k: Knowledge, bundle: BundleId | string, answers: Answers, q: CompiledQuestion): boolean {
  const s = situation(k, bundle, answers);
  return s.cb.blocks.some((b) => {
    if (applies(b.cond, s.answers, false) !== 'maybe') return false;
    // the questions the rule reads, and those that open them (房屋用途 opens 房屋性质)
    return withOpeners(s.cb, new Set(b.cond ? refs(b.cond.expr) : [])).has(q.id);
  });
}

/**
 * The questions still to ask, in the order to ask them, under the user's choices: the one that changes
 * the most lines first (ties in the dialog's order), so the list settles early and a first checklist
 * can come while the rest only touch a few lines.
 */
export function openQuestions(k: Knowledge, bundle: BundleId | string, answers: Answers, opts: PlanOptions = {}): CompiledQuestion[] {
  const cb = compiledBundle(k, bundle);
  const skipped = new Set(opts.skipped ?? []);
  const fees = feeOnlyQuestions(cb);
  const pending = pendingQuestions(cb, answers).filter((q) => !skipped.has(q.id) && (opts.withFees || !fees.has(q.id)));
  const weight = new Map(pending.map((q) => [q.id, opts.byImpact ? impact(k, bundle, answers, q) : 0]));
  const open = pending
    .map((q, i) => ({ q, i }))
    .sort((a, b) => weight.get(b.q.id)! - weight.get(a.q.id)! || a.i - b.i)
    .map((x) => x.q);
  if (!opts.party) return open;
  const mine = (q: CompiledQuestion) => partyOf(q) === undefined || partyOf(q) === opts.party;
  const own = open.filter(mine);
  return opts.skipOtherParty ? own : [...own, ...open.filter((q) => !mine(q))];
}

/** The other party's questions that apply and are unanswered: what 「请卖方准备」 lists. */
export function otherPartyOpen(k: Knowledge, bundle: BundleId | string, answers: Answers, party: string): CompiledQuestion[] {
  const cb = compiledBundle(k, bundle);
  return pendingQuestions(cb, answers).filter((q) => partyOf(q) !== undefined && partyOf(q) !== party);
}

const names = (c: Checklist) => new Set([...c.bring, ...c.maybe].map((m) => m.name));

/**
 * 「不清楚」: the reading that asks the user to bring the most, so nobody is sent home for a missing
 * paper. undefined when the question has no such reading (a price, an area, a date): it is skipped.
 */
export function cautiousAnswer(k: Knowledge, bundle: BundleId | string, answers: Answers, q: CompiledQuestion, today?: string): AnswerValue | undefined {
  if (q.unsure === 'skip') return undefined;
  if (q.unsure === 'yes' || q.unsure === 'no') return q.unsure === 'yes';
  if (q.unsure) return q.unsure;
  let values: AnswerValue[];
  if (q.type === 'yesno') values = [true, false];
  else if (q.type === 'single') values = q.options!.map((o) => o.id);
  else if (q.type === 'multi') return q.options!.map((o) => o.id);
  else return undefined;
  let best: { v: AnswerValue; n: number } | undefined;
  for (const v of values) {
    const n = names(buildChecklist(k, bundle, { ...answers, [q.id]: v }, { today })).size;
    if (!best || n > best.n) best = { v, n };
  }
  return best?.v;
}

/**
 * The materials listed only because an answer was a cautious guess: present with the guess, absent
 * under some other answer to the same question. Marked 「如不确定请带上」 in the checklist.
 */
export function cautiousLines(k: Knowledge, bundle: BundleId | string, answers: Answers, unsure: Iterable<string>, today?: string): Set<string> {
  const cb = compiledBundle(k, bundle);
  const main = names(buildChecklist(k, bundle, answers, { today }));
  const out = new Set<string>();
  for (const id of unsure) {
    const q = cb.questions.find((x) => x.id === id);
    if (!q || answers[id] === undefined) continue;
    const alts: AnswerValue[] =
      q.type === 'yesno' ? [!answers[id]] : q.type === 'single' ? q.options!.map((o) => o.id).filter((o) => o !== answers[id]) : q.type === 'multi' ? [[]] : [];
    for (const v of alts) {
      const other = names(buildChecklist(k, bundle, { ...answers, [id]: v }, { today }));
      for (const m of main) if (!other.has(m)) out.add(m);
    }
  }
  return out;
}

/** What a changed answer did to the checklist: lines to bring now added and removed. */
export function checklistDiff(before: Iterable<string>, after: Iterable<string>): { added: string[]; removed: string[] } {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((n) => !a.has(n)), removed: [...a].filter((n) => !b.has(n)) };
}
