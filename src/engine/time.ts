import type { Item } from '../knowledge/schema/index.js';

export interface TimePlan {
  /** promised working days along the longest chain of items that wait for each other */
  promisedDays: number;
  legalDays: number | null;
  /** the items on that chain, first to last */
  path: string[];
  /** what it would take if every item were done one after another (before the reform) */
  serialDays: number;
}

/**
 * Items run in parallel (并联审批) except where one waits for another (`after`), so the bundle takes
 * its longest chain, not the sum. `after` links to items that do not apply here are ignored.
 */
export function planTime(items: readonly Item[]): TimePlan {
  const byId = new Map(items.map((i) => [i.id, i]));
  const memo = new Map<string, { days: number; legal: number | null; path: string[] }>();
  const visiting = new Set<string>();
  const longest = (id: string): { days: number; legal: number | null; path: string[] } => {
    const hit = memo.get(id);
    if (hit) return hit;
    if (visiting.has(id)) throw new Error(`事项前后顺序成环：${[...visiting, id].join(' → ')}`);
    visiting.add(id);
    const it = byId.get(id)!;
    let best = { days: 0, legal: 0 as number | null, path: [] as string[] };
    for (const pre of it.after.filter((a) => byId.has(a))) {
      const r = longest(pre);
      if (r.days > best.days || best.path.length === 0) best = r;
    }
    const legalBefore = Math.max(0, ...it.after.filter((a) => byId.has(a)).map((a) => longest(a).legal ?? 0));
    const res = {
      days: best.days + it.promisedDays,
      legal: it.legalDays === undefined ? null : legalBefore + it.legalDays,
      path: [...best.path, id],
    };
    visiting.delete(id);
    memo.set(id, res);
    return res;
  };
  let top = { days: 0, legal: null as number | null, path: [] as string[] };
  let legalMax: number | null = null;
  for (const it of items) {
    const r = longest(it.id);
    if (r.days > top.days || top.path.length === 0) top = r;
    if (r.legal !== null) legalMax = Math.max(legalMax ?? 0, r.legal);
  }
  return {
    promisedDays: top.days,
    legalDays: legalMax,
    path: top.path,
    serialDays: items.reduce((s, i) => s + i.promisedDays, 0),
  };
}
