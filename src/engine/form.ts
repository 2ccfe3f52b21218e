import type { Knowledge } from '../knowledge/load.js';
import type { Answers, AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId, FieldType } from '../knowledge/schema/index.js';
import { applies, itemsWith, situation } from './items.js';
import { validateField } from './validate/index.js';

export type Profile = Readonly<Record<string, string | undefined>>;

export interface FormField {
  id: string;
  label: string;
  type: FieldType;
  group: string;
  options?: string[];
  optional: boolean;
  hint?: string;
  /** the items this one value feeds (asked once for all of them) */
  items: string[];
  value?: string | number;
  prefilledFrom?: 'profile' | 'answer' | 'shared' | 'party';
  sharedSource?: string;
  /** filled from this field of the party the user chose (申请人 = 父亲): its label, said in the review */
  sameAs?: string;
}

export interface MergedForm {
  bundle: BundleId;
  fields: FormField[];
  /** fields still without a value, in the order to ask them */
  missing: string[];
}

function fromAnswer(a: AnswerValue | undefined): string | number | undefined {
  if (a === undefined || typeof a === 'boolean' || Array.isArray(a)) return undefined;
  return a;
}

/**
 * The one form (一表申报): each field once across all applicable items, prefilled from the profile,
 * the situation answers, and shared data, so the user checks a form instead of filling it.
 * A prefilled value that fails validation is dropped rather than carried into the application.
 */
export function buildForm(
  k: Knowledge,
  bundle: BundleId | string,
  raw: Answers,
  profile: Profile = {},
  shared: Readonly<Record<string, string | number>> = {},
): MergedForm {
  const s = situation(k, bundle, raw);
  const byId = new Map<string, FormField>();
  for (const ci of itemsWith(s, 'yes')) {
    for (const { field: f, cond } of ci.fields) {
      if (applies(cond, s.answers, true) !== 'yes') continue;
      const prev = byId.get(f.id);
      if (prev) {
        if (!prev.items.includes(ci.item.id)) prev.items.push(ci.item.id);
        continue;
      }
      const field: FormField = {
        id: f.id,
        label: f.label,
        type: f.type,
        group: f.group,
        options: f.options,
        optional: f.optional,
        hint: f.hint,
        items: [ci.item.id],
        sharedSource: f.shared,
      };
      const candidates: [FormField['prefilledFrom'], string | number | undefined][] = [
        ['shared', shared[f.id]],
        ['answer', f.fromAnswer ? fromAnswer(s.answers[f.fromAnswer]) : undefined],
        ['profile', f.profile ? profile[f.profile] : undefined],
      ];
      for (const [from, v] of candidates) {
        if (v === undefined || v === '') continue;
        const check = validateField(f.type, String(v), f.options);
        if (!check.ok) continue;
        field.value = check.value;
        field.prefilledFrom = from;
        break;
      }
      byId.set(f.id, field);
    }
  }
  const groups: string[] = [];
  for (const f of byId.values()) if (!groups.includes(f.group)) groups.push(f.group);
  const fields = [...byId.values()].sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  return {
    bundle: s.cb.bundle.id,
    fields,
    missing: fields.filter((f) => f.value === undefined && !f.optional).map((f) => f.id),
  };
}

/**
 * Fields filled from the party a choice names (监护人 父亲 → 申请人姓名 = 父亲姓名), on a form whose values
 * are already in: a value typed into the field itself wins. A field that a choice may still fill (the
 * choice or its party not answered yet) is asked last rather than first, so it is usually never asked.
 */
export function withParties(k: Knowledge, fields: FormField[]): MergedForm['fields'] {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const out = fields.map((f) => ({ ...f }));
  const outById = new Map(out.map((f) => [f.id, f]));
  for (const f of fields) {
    const copies = k.fields.get(f.id)?.copies;
    if (!copies || f.value === undefined) continue;
    for (const [target, source] of Object.entries(copies[String(f.value)] ?? {})) {
      const t = outById.get(target);
      const from = byId.get(source);
      if (!t || t.value !== undefined || from?.value === undefined) continue;
      t.value = from.value;
      t.prefilledFrom = 'party';
      t.sameAs = from.label;
    }
  }
  return out;
}

/** The order to ask what is missing: fields a party choice may still fill come last. */
export function missingOrder(k: Knowledge, fields: FormField[]): string[] {
  const byId = new Map(fields.map((f) => [f.id, f]));
  const later = new Set<string>();
  for (const f of fields) {
    const copies = k.fields.get(f.id)?.copies;
    if (!copies) continue;
    const options = f.value === undefined ? Object.values(copies) : [copies[String(f.value)] ?? {}];
    for (const m of options) {
      for (const [target, source] of Object.entries(m)) if (byId.get(source) && byId.get(source)!.value === undefined) later.add(target);
    }
    // the choice still open: every field it could fill waits for it
    if (f.value === undefined) for (const m of options) for (const target of Object.keys(m)) later.add(target);
  }
  const missing = fields.filter((f) => f.value === undefined && !f.optional).map((f) => f.id);
  return [...missing.filter((id) => !later.has(id)), ...missing.filter((id) => later.has(id))];
}
