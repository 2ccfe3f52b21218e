import type { AnswerValue } from '../knowledge/expr/evaluate.js';
import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';

type Answers = Record<string, AnswerValue>;

/**
 * The answers a linked bundle starts with when the citizen follows a link from `from`: what the link
 * itself says (`sets`) and every shared question (declared once, on either bundle's link, read both
 * ways with its value map inverted for the way back). Answers the citizen already gave `to` win.
 */
export function carriedAnswers(k: Knowledge, from: BundleId, to: BundleId, answers: Answers, already: Answers = {}): Answers {
  const out: Answers = {};
  const forward = k.bundles.get(from)?.related.find((r) => r.bundle === to)?.carry;
  const backward = k.bundles.get(to)?.related.find((r) => r.bundle === from)?.carry;
  for (const [q, v] of Object.entries(forward?.sets ?? {})) out[q] = v;
  const pairs = [
    ...(forward?.share ?? []).map((p) => ({ mine: p.here, theirs: p.there, map: p.values })),
    ...(backward?.share ?? []).map((p) => ({
      mine: p.there,
      theirs: p.here,
      map: p.values && Object.fromEntries(Object.entries(p.values).map(([a, b]) => [String(b), a])),
    })),
  ];
  for (const p of pairs) {
    const v = answers[p.mine];
    if (v === undefined) continue;
    if (!p.map) out[p.theirs] = v;
    // a yes/no answer looks its value up as 'true' / 'false' (the inverted map of an option → yes/no pair)
    else if ((typeof v === 'string' || typeof v === 'boolean') && p.map[String(v)] !== undefined) out[p.theirs] = p.map[String(v)]!;
  }
  return { ...out, ...already };
}

/**
 * The form values a linked bundle starts with (逝者姓名 and 身份证号 from 终老 into the 继承 path; the
 * applicant and address between 报装 and 挖掘占道): the fields `carry.fields` pairs, declared once on
 * either bundle and read both ways. Values the citizen already has there win.
 */
export function carriedValues(
  k: Knowledge,
  from: BundleId,
  to: BundleId,
  values: Readonly<Record<string, string | number>>,
  already: Readonly<Record<string, string | number>> = {},
): Record<string, string | number> {
  const forward = k.bundles.get(from)?.related.find((r) => r.bundle === to)?.carry?.fields ?? [];
  const backward = k.bundles.get(to)?.related.find((r) => r.bundle === from)?.carry?.fields ?? [];
  const out: Record<string, string | number> = {};
  for (const p of [...forward, ...backward.map((b) => ({ here: b.there, there: b.here }))]) {
    const v = values[p.here];
    if (v !== undefined && v !== '') out[p.there] = v;
  }
  return { ...out, ...already };
}
