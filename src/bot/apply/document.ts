import { randomUUID } from 'node:crypto';
import type { Knowledge } from '../../knowledge/load.js';
import type { Checklist } from '../../engine/index.js';
import type { ConversationData } from '../types.js';
import type { ApplicationInput } from './ports.js';

/** The versioned application document (docs/backend-contract.md) from what the chat collected. */
export function buildApplication(
  k: Knowledge,
  conv: ConversationData,
  checklist: Checklist,
  values: Record<string, string | number>,
  applicant: { name: string; idNumber: string; phone: string },
  id: string = randomUUID(),
): ApplicationInput {
  const cb = k.compiled.get(conv.bundle!)!;
  const itemDept = new Set<string>();
  const items = checklist.items.map((ci) => {
    const item = k.items.get(ci.id)!;
    itemDept.add(item.department);
    return { id: item.id, name: item.name, department: item.department, departmentName: k.departments.get(item.department)?.name ?? item.department };
  });
  // the lead coordinates even without an item of its own; a cooperating department with no item in this case
  // (the gas company for a gift) gets none of the applicant's data, as the consent says
  const cooperating = [...cb.bundle.lead]
    .filter((d, i, all) => !itemDept.has(d) && all.indexOf(d) === i)
    .map((d) => ({ department: d, departmentName: k.departments.get(d)?.name ?? d }));
  const ref = conv.reference ?? {};
  const a = conv.apply!;
  return {
    version: 1,
    id,
    bundle: cb.bundle.id,
    items,
    cooperating,
    answers: conv.answers,
    form: values,
    checklist: {
      bring: checklist.bring.map((m) => m.name),
      shared: checklist.shared.map((m) => m.name),
      charges: checklist.charges.lines.map((l) => ({ name: l.name, amount: l.amount, estimate: l.estimate })),
      promisedDays: checklist.time.promisedDays,
      ...(checklist.time.waits.length > 0 ? { waits: checklist.time.waits } : {}),
      outputs: checklist.outputs,
    },
    delivery: { method: a.delivery!, ...(a.delivery === 'post' ? { address: a.address } : {}) },
    applicant,
    channel: {
      kind: (ref.channelId ?? 'unknown').toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'unknown',
      conversationId: ref.conversation?.id ?? 'unknown',
      userId: ref.user?.id ?? 'unknown',
      ...(ref.serviceUrl && /^https?:\/\//.test(ref.serviceUrl) ? { serviceUrl: ref.serviceUrl } : {}),
    },
    consent: { given: true, at: new Date().toISOString() },
    createdAt: new Date().toISOString(),
  };
}
