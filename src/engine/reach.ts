import type { CompiledBundle, Knowledge } from '../knowledge/load.js';
import { amount, truth, type AnswerValue, type Expr } from '../knowledge/expr/index.js';
import type { Question } from '../knowledge/schema/index.js';
import { pendingQuestions } from './questions.js';

/** A small seeded generator, so the reachability check gives the same verdict on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

function numbersIn(e: Expr | undefined, out: Set<number>): void {
  if (!e) return;
  if (e.kind === 'num') out.add(e.value);
  if (e.kind === 'not') numbersIn(e.arg, out);
  if (e.kind === 'logic' || e.kind === 'arith' || e.kind === 'cmp') {
    numbersIn(e.left, out);
    numbersIn(e.right, out);
  }
  if (e.kind === 'call' || e.kind === 'list')
    (e.kind === 'call' ? e.args : e.items).forEach((x) => {
      numbersIn(x, out);
    });
}

/** Interesting numbers for a bundle: each threshold in its rules, just below and above it. */
export function candidateNumbers(cb: CompiledBundle): number[] {
  const lits = new Set<number>([0, 1, 10, 100]);
  const add = (c?: { expr: Expr }) => numbersIn(c?.expr, lits);
  cb.questions.forEach((q) => {
    add(q.cond);
    q.options?.forEach((o) => {
      o.range?.forEach((r) => {
        r !== null && lits.add(r);
      });
    });
  });
  cb.items.forEach((ci) => {
    add(ci.cond);
    ci.needs.forEach((n) => {
      add(n.cond);
    });
    ci.charges.forEach((c) => {
      add(c.cond);
    });
  });
  const out = new Set<number>();
  for (const n of lits)
    [n - 1, n - 0.5, n, n + 0.5, n + 1, n * 10].forEach((x) => {
      x >= 0 && out.add(x);
    });
  return [...out];
}

export function randomAnswer(q: Question, r: () => number, nums: number[]): AnswerValue {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  switch (q.type) {
    case 'single':
      return pick(q.options!).id;
    case 'multi':
      return q.options!.filter(() => r() < 0.5).map((o) => o.id);
    case 'yesno':
      return r() < 0.5;
    case 'number':
    case 'money':
    case 'area':
      return r() < 0.2 ? Math.round(r() * 3_000_000) : pick(nums);
    case 'date':
      return '2020-01-01';
    case 'text':
      return '测试';
  }
}

/** Walks the interview with random answers until the situation is complete. */
export function randomSituation(cb: CompiledBundle, r: () => number, nums: number[]): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (let guard = 0; guard < 500; guard++) {
    const q = pendingQuestions(cb, answers)[0];
    if (!q) return answers;
    answers[q.id] = randomAnswer(q, r, nums);
  }
  throw new Error(`一件事「${cb.bundle.id}」的问题无法问完（可能有循环）`);
}

export interface Unreached {
  questions: string[];
  items: string[];
  needs: { item: string; material: string; holder?: string; when: string }[];
  charges: { item: string; charge: string }[];
}

/**
 * What no situation reaches, found by many seeded random interviews that try every threshold: a
 * question never asked, an item never applicable, a material or charge whose condition never holds.
 */
export function unreachable(k: Knowledge, cb: CompiledBundle, walks = 4000, seed = 20211): Unreached {
  const r = rng(seed);
  const nums = candidateNumbers(cb);
  const askedQ = new Set<string>();
  const reachedItems = new Set<string>();
  const reachedNeeds = new Set<string>();
  const reachedCharges = new Set<string>();
  for (let w = 0; w < walks; w++) {
    const a = randomSituation(cb, r, nums);
    Object.keys(a).forEach((q) => {
      askedQ.add(q);
    });
    for (const ci of cb.items) {
      if (truth(ci.cond?.expr, a) !== true) continue;
      reachedItems.add(ci.item.id);
      ci.needs.forEach((n, i) => {
        truth(n.cond?.expr, a) === true && reachedNeeds.add(`${ci.item.id}#${i}`);
      });
      ci.charges.forEach((c) => {
        if (truth(c.cond?.expr, a) === true && (c.amount === undefined || amount(c.amount, a) !== undefined))
          reachedCharges.add(`${ci.item.id}#${c.charge.id}`);
      });
    }
  }
  void k;
  return {
    questions: cb.questions.filter((q) => !askedQ.has(q.id)).map((q) => q.id),
    items: cb.items.filter((ci) => !reachedItems.has(ci.item.id)).map((ci) => ci.item.id),
    needs: cb.items.flatMap((ci) =>
      ci.needs
        .map((n, i) => ({ n, i }))
        .filter(({ i }) => reachedItems.has(ci.item.id) && !reachedNeeds.has(`${ci.item.id}#${i}`))
        .map(({ n }) => ({ item: ci.item.id, material: n.material, holder: n.holder, when: n.when ?? '' })),
    ),
    charges: cb.items.flatMap((ci) =>
      ci.charges
        .filter((c) => reachedItems.has(ci.item.id) && !reachedCharges.has(`${ci.item.id}#${c.charge.id}`))
        .map((c) => ({ item: ci.item.id, charge: c.charge.id })),
    ),
  };
}
