import type { Reply } from '../reply.js';
import type { CaseView } from './ports.js';
import { renderCase } from './render.js';

/**
 * A progress notice, tagged with what it is about, so notices kept for the citizen's next message can
 * be folded per case from their structure (never by reading back our own text).
 */
export interface NoticeTag {
  caseNo: string;
  /** what this notice changed, e.g. 「市卫健委：通过」 */
  change: string;
  /** the case's state after the change, department by department */
  current: string;
}

/** What one event changed: the task touched last, or the follow-up; taken from the case itself. */
export function changeOf(c: CaseView): string {
  if (c.followUp && c.followUp.updatedAt >= c.updatedAt)
    return `评价回访：${c.followUp.statusLabel}${c.followUp.answer ? `。部门说明：${c.followUp.answer}` : ''}`;
  const last = [...c.tasks].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))[0];
  const task = last ? `${last.departmentName}：${last.statusLabel}${last.reason ? `（部门说明：${last.reason}）` : ''}` : c.statusLabel;
  return c.status === 'completed' || c.status === 'rejected' ? `${task}；办件${c.statusLabel}` : task;
}

/** Marks the progress reply of a case change so that kept copies can be folded later. */
export function tagNotice(reply: Reply, c: CaseView, bundleName: string): Reply {
  return { ...reply, notice: { caseNo: c.caseNo, change: changeOf(c), current: renderCase(c, bundleName) } };
}

/** Above this many kept notices of one case, the citizen reads one summary instead of each in turn. */
const FOLD_AT = 2;

/**
 * What the citizen reads at their next message from everything kept while they were away: all of it
 * (nothing dropped), each case's notices folded into what changed, in order, and its current state
 * once (never a stale status beside the current one); other kept messages (a delivered application, the
 * rating question) in their order, each once.
 */
export function foldNotices(kept: readonly Reply[]): Reply[] {
  const byCase = new Map<string, Reply[]>();
  for (const r of kept) if (r.notice) byCase.set(r.notice.caseNo, [...(byCase.get(r.notice.caseNo) ?? []), r]);
  const out: Reply[] = [];
  const said = new Set<string>();
  for (const r of kept) {
    if (r.notice) {
      const all = byCase.get(r.notice.caseNo);
      if (!all) continue; // folded already, at the first notice of its case
      byCase.delete(r.notice.caseNo);
      out.push(all.length < FOLD_AT ? untag(r) : folded(all));
      continue;
    }
    if (said.has(r.text)) continue;
    said.add(r.text);
    out.push(r);
  }
  return out;
}

function folded(all: Reply[]): Reply {
  const tags = all.map((r) => r.notice!);
  const last = tags[tags.length - 1]!;
  const changes = tags.map((t, i) => `${i + 1}. ${t.change}`).join('\n');
  return { text: `【办件进度】受理编号 ${last.caseNo} 有${tags.length}条新进展：\n${changes}\n——现在的情况——\n${last.current}` };
}

function untag(r: Reply): Reply {
  const { notice: _tag, ...plain } = r;
  return plain;
}
