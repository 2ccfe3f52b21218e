import type { Item } from '../knowledge/schema/index.js';

/**
 * The promise in words, spelled in one place for the checklist, the answers, the submission and the
 * console's script: 当场办结 (0), 承诺半个工作日内办结 (0.5), 承诺N个工作日内办结.
 */
export function promisedText(days: number): string {
  if (days === 0) return '当场办结';
  return `承诺${days === 0.5 ? '半' : days}个工作日内办结`;
}

export interface TimePlan {
  /** promised working days along the longest chain of items that wait for each other */
  promisedDays: number;
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
  path: string[];
}

/**
 * Items run in parallel (并联审批) except where one waits for another (`after`), so the bundle takes
 * its longest chain, not the sum. `after` links to items that do not apply here are ignored.
 * Promised and legal days each take their own longest chain: an item without a legal limit adds
 * nothing to the legal days but does not break the chain either, and is named in `withoutLegalDays`.
 */
export function planTime(items: readonly Item[]): TimePlan {
  const byId = new Map(items.map((i) => [i.id, i]));
  const longestBy = (daysOf: (it: Item) => number) => {
    const memo = new Map<string, Chain>();
    const visiting = new Set<string>();
    const longest = (id: string): Chain => {
      const hit = memo.get(id);
      if (hit) return hit;
      if (visiting.has(id)) throw new Error(`事项前后顺序成环：${[...visiting, id].join(' → ')}`);
      visiting.add(id);
      const it = byId.get(id)!;
      let best: Chain = { days: 0, path: [] };
      for (const pre of it.after.filter((a) => byId.has(a))) {
        const r = longest(pre);
        if (r.days > best.days || best.path.length === 0) best = r;
      }
      const res = { days: best.days + daysOf(it), path: [...best.path, id] };
      visiting.delete(id);
      memo.set(id, res);
      return res;
    };
    let top: Chain = { days: 0, path: [] };
    for (const it of items) {
      const r = longest(it.id);
      if (r.days > top.days || top.path.length === 0) top = r;
    }
    return top;
  };
  const promised = longestBy((it) => it.promisedDays);
  const hasLegal = items.some((it) => it.legalDays !== undefined);
  const legal = hasLegal ? longestBy((it) => it.legalDays ?? 0) : null;
  const withoutLegalDays = items.filter((it) => it.legalDays === undefined).map((it) => it.id);
  return {
    promisedDays: promised.days,
    promisedText: promisedText(promised.days),
    path: promised.path,
    legalDays: legal ? legal.days : null,
    legalPath: legal ? legal.path : [],
    withoutLegalDays,
    legalText: legal
      ? `法定时限${legal.days}个工作日${withoutLegalDays.length > 0 ? `，另有${withoutLegalDays.length}个事项未规定法定时限` : ''}`
      : null,
    serialDays: items.reduce((s, i) => s + i.promisedDays, 0),
  };
}
