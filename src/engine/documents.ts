import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { buildChecklist } from './checklist.js';
import { buildForm } from './form.js';

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
  for (const m of text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push(fill(m[1]!));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
};

/**
 * The documents of this case filled from the merged form: the merged application form itself (申请表:
 * every field of the form with its value, or a blank), then each template whose material is on the
 * checklist to bring. Values come from `values` (what the citizen typed or confirmed) over what the form
 * prefills from the answers; a field known to neither stays a blank, never a guess.
 */
export function fillDocuments(k: Knowledge, bundle: BundleId, answers: Answers, values: Readonly<Record<string, string | number>>, opts: { today?: string } = {}): FilledDocument[] {
  const form = buildForm(k, bundle, answers);
  const known = new Map<string, string>();
  for (const f of form.fields) if (f.value !== undefined) known.set(f.id, String(f.value));
  for (const [id, v] of Object.entries(values)) if (v !== '' && v !== undefined) known.set(id, String(v));
  const b = k.bundles.get(bundle)!;
  known.set('bundle_name', `「${b.name}」`);
  const fill = (id: string): Segment => {
    const v = known.get(id);
    return v !== undefined ? { value: v } : { blank: k.fields.get(id)?.label ?? id };
  };
  const count = (runs: Segment[][]) => runs.flat().filter((s) => 'blank' in s).length;

  const rows = form.fields.map((f): Segment[] => [{ text: `${f.group} · ${f.label}：` }, fill(f.id)]);
  const merged: FilledDocument = {
    id: 'merged-application-form',
    title: `${b.name} 合并申请表`,
    paragraphs: rows,
    sign: [[{ text: '申请人（签字）：' }], [{ text: '日期：' }]],
    blanks: count(rows),
  };
  const bring = new Set(buildChecklist(k, bundle, answers, opts).bring.map((m) => m.material));
  const templates = [...k.documents.values()].filter((d) => bring.has(d.material));
  return [
    merged,
    ...templates.map((d) => {
      const paragraphs = d.paragraphs.map((p) => splitOn(p, fill));
      const sign = d.sign.map((p) => splitOn(p, fill));
      return { id: d.id, title: d.title, paragraphs, sign, blanks: count(paragraphs) + count(sign) };
    }),
  ];
}
