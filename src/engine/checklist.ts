import type { Knowledge } from '../knowledge/load.js';
import type { Answers } from '../knowledge/expr/index.js';
import type { BundleId, Delivery, Department } from '../knowledge/schema/index.js';
import { applies, itemsWith, situation } from './items.js';
import { mergeMaterials, type MaterialLine } from './materials.js';
import { estimateCharges, type ChargeSummary } from './charges.js';
import { planTime, type TimePlan } from './time.js';
import { pendingQuestions } from './questions.js';

export interface Checklist {
  bundle: { id: BundleId; name: string };
  /** false while some question that changes the answer is still open */
  complete: boolean;
  pending: string[];
  items: { id: string; name: string; department: string; promisedDays: number; summary?: string }[];
  bring: MaterialLine[];
  shared: MaterialLine[];
  /** the bank's own papers, handed in by its clerk */
  byBank: MaterialLine[];
  maybe: MaterialLine[];
  charges: ChargeSummary;
  time: TimePlan;
  departments: { lead: string[]; cooperating: string[] };
  /** where to go; values not confirmed by the district end with 「（以窗口公布为准）」 (windowOf) */
  window: { department: string; name: string; address: string; hours: string; phone?: string };
  outputs: string[];
  delivery: Delivery[];
  notes: string[];
  related: { bundle: BundleId; name: string; why: string }[];
  /** some rule used here is marked "verify" in the knowledge: the window has the last word */
  verify: boolean;
}

export interface ChecklistOptions {
  /** the day whose rules apply (YYYY-MM-DD); defaults to today */
  today?: string;
}

/** what a window value not yet confirmed by the district is shown with, never as a plain fact */
export const UNCONFIRMED = '以窗口公布为准';

/** A department's window as shown: each value the district has not confirmed is marked UNCONFIRMED. */
export function windowOf(d: Department): Checklist['window'] {
  const w = d.window!;
  const shown = (key: 'address' | 'hours' | 'phone', v: string) => (d.verify && !w.confirmed.includes(key) ? `${v}（${UNCONFIRMED}）` : v);
  return {
    department: d.name,
    name: w.name,
    address: shown('address', w.address),
    hours: shown('hours', w.hours),
    ...(w.phone ? { phone: shown('phone', w.phone) } : {}),
  };
}

export function isoToday(d = new Date()): string {
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

/** The one-time notice (一次告知): everything the user needs for the whole bundle in their situation. */
export function buildChecklist(k: Knowledge, bundle: BundleId | string, raw: Answers, opts: ChecklistOptions = {}): Checklist {
  const s = situation(k, bundle, raw);
  const { cb } = s;
  const today = opts.today ?? isoToday();
  const items = itemsWith(s, 'yes');
  const materials = mergeMaterials(k, s, today);
  const deptName = (id: string) => k.departments.get(id)?.name ?? id;
  const windowDept = k.departments.get(cb.bundle.window)!;
  const outputs = [...new Set(items.flatMap((ci) => ci.item.outputs))];
  const charges = estimateCharges(s, today);
  const verify =
    cb.bundle.verify || items.some((ci) => ci.item.verify || ci.needs.some((n) => k.materials.get(n.material)?.verify)) || charges.lines.some((l) => l.verify);
  return {
    bundle: { id: cb.bundle.id, name: cb.bundle.name },
    complete: s.complete,
    pending: pendingQuestions(cb, s.answers).map((q) => q.id),
    items: items.map((ci) => ({
      id: ci.item.id,
      name: ci.item.name,
      department: deptName(ci.item.department),
      promisedDays: ci.item.promisedDays,
      summary: ci.item.summary,
    })),
    ...materials,
    charges,
    time: planTime(items.map((ci) => ci.item)),
    departments: { lead: cb.bundle.lead.map(deptName), cooperating: cb.bundle.cooperating.map(deptName) },
    window: windowOf(windowDept),
    outputs: outputs.length > 0 ? outputs : cb.bundle.outputs,
    delivery: cb.bundle.delivery,
    notes: cb.notes.filter((n) => applies(n.cond, s.answers, s.complete) === 'yes').map((n) => n.text),
    related: cb.related
      .filter((r) => applies(r.cond, s.answers, s.complete) === 'yes')
      .map((r) => ({ bundle: r.bundle, name: k.bundles.get(r.bundle)?.name ?? r.bundle, why: r.why })),
    verify,
  };
}
