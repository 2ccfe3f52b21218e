import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import { type BundleId, type DocumentTemplate, PLACEHOLDER_RE } from '../knowledge/schema/index.js';
import { buildChecklist } from './checklist.js';
import { buildForm } from './form.js';
import { answerLabel, findQuestion } from './questions.js';

/** the id of the merged application form among a case's documents */
export const MERGED_FORM_DOCUMENT = 'merged-application-form';

/** A run of a filled paragraph: fixed words, a value from the form, or a blank to write by hand. */
export type Segment = { text: string } | { value: string } | { blank: string };

export interface FilledDocument {
  id: string;
  title: string;
  paragraphs: Segment[][];
  sign: Segment[][];
  /** how many places are left blank to write by hand */
  blanks: number;
}

const splitOn = (text: string, fill: (field: string) => Segment): Segment[] => {
  const out: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER_RE)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push(m[1]!.startsWith('?') ? { blank: m[1]!.slice(1) } : fill(m[1]!));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
};

/**
 * The templates this case's checklist calls for: each whose material is on the list to bring (brought by
 * the template's holder, when it names one). The one rule for what the page holds and what the chat names.
 */
export function documentTemplatesFor(k: Knowledge, bundle: BundleId, answers: Answers, opts: { today?: string } = {}): DocumentTemplate[] {
  const bring = buildChecklist(k, bundle, answers, opts).bring;
  return [...k.documents.values()].filter((d) => bring.some((m) => m.material === d.material && (d.holder === undefined || m.holder === d.holder)));
}

/**
 * The documents of this case filled from the merged form: the merged application form itself (申请表:
 * every field of the form with its value, or a blank), then each template whose material is on the
 * checklist to bring. Values come from `values` (what the citizen typed or confirmed) over what the form
 * prefills from the answers; a field known to neither stays a blank, never a guess.
 */
export function fillDocuments(
  k: Knowledge,
  bundle: BundleId,
  answers: Answers,
  values: Readonly<Record<string, string | number>>,
  opts: { today?: string } = {},
): FilledDocument[] {
  const form = buildForm(k, bundle, answers);
  const known = new Map<string, string>();
  for (const f of form.fields) if (f.value !== undefined) known.set(f.id, String(f.value));
  for (const [id, v] of Object.entries(values)) if (v !== '' && v !== undefined) known.set(id, String(v));
  const b = k.bundles.get(bundle)!;
  known.set('bundle_name', `「${b.name}」`);
  const cb = k.compiled.get(bundle)!;
  const fill = (id: string): Segment => {
    const v = known.get(id);
    if (v !== undefined) return { value: v };
    // a situation question of the bundle reads back its answer (房屋情况：自己家的住宅)
    const q = findQuestion(cb, id);
    if (q && answers[id] !== undefined) return { value: answerLabel(q, answers[id]!) };
    return { blank: k.fields.get(id)?.label ?? q?.topic ?? id };
  };
  const count = (runs: Segment[][]) => runs.flat().filter((s) => 'blank' in s).length;

  const rows = form.fields.map((f): Segment[] => [{ text: `${f.group} · ${f.label}：` }, fill(f.id)]);
  const merged: FilledDocument = {
    id: MERGED_FORM_DOCUMENT,
    title: `${b.name} 合并申请表`,
    paragraphs: rows,
    sign: [[{ text: '申请人（签字）：' }], [{ text: '日期：' }]],
    blanks: count(rows),
  };
  const templates = documentTemplatesFor(k, bundle, answers, opts);
  return [
    merged,
    ...templates.map((d) => {
      const paragraphs = d.paragraphs.map((p) => splitOn(p, fill));
      const sign = d.sign.map((p) => splitOn(p, fill));
      return { id: d.id, title: d.title, paragraphs, sign, blanks: count(paragraphs) + count(sign) };
    }),
  ];
}

/** A filled document as plain text, blanks as underscores (the checks and the plain-text channels read it). */
export function documentText(d: FilledDocument): string {
  const run = (s: Segment) => ('text' in s ? s.text : 'value' in s ? s.value : '________');
  return [d.title, ...d.paragraphs.map((p) => p.map(run).join('')), ...d.sign.map((p) => p.map(run).join(''))].join('\n');
}
