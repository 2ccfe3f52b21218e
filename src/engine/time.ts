import type { Item } from '../knowledge/schema/index.js';

/**
 * The promise in words, spelled in one place for the checklist, the answers, the submission and the
 * console's script: 当场办结 (0), 承诺半个工作日内办结 (0.5), 承诺N个工作日内办结.
 */
export function promisedText(days: number, waits: readonly Wait[] = []): string {
  const base = days === 0 ? '当场办结' : `承诺${days === 0.5 ? '半' : days}个工作日内办结`;
  if (waits.length === 0) return base;
  // a notice period runs in calendar days and comes on top of the working days, never inside them
  const w = waits.map((x) => `${x.what}${x.days}天`).join('、');
  return days === 0 ? `${w}（按自然日计）期满后当场办结` : `${base}，另加${w}（按自然日计）`;
}

/** a wait counted in calendar days (公告期20天) */
export interface Wait {
  days: number;
  what: string;
}

export interface TimePlan {
  /** promised working days along the longest chain of items that wait for each other */
  promisedDays: number;
  /** calendar-day waits (公告期) on that chain, on top of the working days */
  waits: Wait[];
  /** their calendar days in all; 0 when none */
  calendarDays: number;
  /** `promisedDays` in words (promisedText) */
  promisedText: string;
  /** the items on that chain, first to last */
  path: string[];
  /**
   * legal working days (法定时限) along the chain whose legal limits add up to the most, counting the
   * items that have one; null when no item here has one
   */
  legalDays: number | null;
  /** the items on that chain, first to last (items without a legal limit included, counted as 0) */
  legalPath: string[];
  /** items here that have no legal limit in the knowledge: `legalDays` does not cover them */
  withoutLegalDays: string[];
  /** `legalDays` in words, saying when some item has no legal limit; null when no item has one */
  legalText: string | null;
  /** what it would take if every item were done one after another (before the reform) */
  serialDays: number;
}

interface Chain {
  days: number;
  /** calendar-day waits on the chain (`wait` of its items) */
  waits: Wait[];
  path: string[];
}

/** a calendar day is 5/7 of a working day when two chains are compared: only to pick the longer */
const weight = (c: Chain) => c.days + (c.waits.reduce((s, w) => s + w.days, 0) * 5) / 7;

/**
 * Items run in parallel (并联审批) except where one waits for another (`after`), so the bundle takes
 * its longest chain, not the sum. `after` links to items that do not apply here are ignored.
 * Promised and legal days each take their own longest chain: an item without a legal limit adds
 * nothing to the legal days but does not break the chain either, and is named in `withoutLegalDays`.
 */
export function planTime(items: readonly Item[]): TimePlan {
  const byId = new Map(items.map((i) => [i.id, i]));
  const longestBy = (daysOf: (it: Item) => number, waitOf: (it: Item) => Wait | undefined = () => undefined) => {
    const memo = new Map<string, Chain>();
    const visiting = new Set<string>();
    const longest = (id: string): Chain => {
      const hit = memo.get(id);
      if (hit) return hit;
      if (visiting.has(id)) throw new Error(`事项前后顺序成环：${[...visiting, id].join(' → ')}`);
      visiting.add(id);
      const it = byId.get(id)!;
      let best: Chain = { days: 0, waits: [], path: [] };
      for (const pre of it.after.filter((a) => byId.has(a))) {
        const r = longest(pre);
        if (weight(r) > weight(best) || best.path.length === 0) best = r;
      }
      const wait = waitOf(it);
      const res = { days: best.days + daysOf(it), waits: wait ? [...best.waits, wait] : best.waits, path: [...best.path, id] };
      visiting.delete(id);
      memo.set(id, res);
      return res;
    };
    let top: Chain = { days: 0, waits: [], path: [] };
    for (const it of items) {
      const r = longest(it.id);
      if (weight(r) > weight(top) || top.path.length === 0) top = r;
    }
    return top;
  };
  const promised = longestBy(
    (it) => it.promisedDays,
    (it) => it.wait,
  );
  const hasLegal = items.some((it) => it.legalDays !== undefined);
  const legal = hasLegal ? longestBy((it) => it.legalDays ?? 0) : null;
  const withoutLegalDays = items.filter((it) => it.legalDays === undefined).map((it) => it.id);
  return {
    promisedDays: promised.days,
    waits: promised.waits,
    calendarDays: promised.waits.reduce((s, w) => s + w.days, 0),
    promisedText: promisedText(promised.days, promised.waits),
    path: promised.path,
    legalDays: legal ? legal.days : null,
    legalPath: legal ? legal.path : [],
    withoutLegalDays,
    legalText: legal ? `法定时限${legal.days}个工作日${withoutLegalDays.length > 0 ? `，另有${withoutLegalDays.length}个事项未规定法定时限` : ''}` : null,
    // working days only: a notice period is the same before and after the reform
    serialDays: items.reduce((s, i) => s + i.promisedDays, 0),
  };
}
