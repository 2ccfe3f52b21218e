import type { Knowledge } from '../../knowledge/load.js';
import { promisedText, type Wait } from '../../engine/index.js';
import type { Reply } from '../reply.js';
import type { ConversationData, UserData } from '../types.js';
import type { CaseView } from './ports.js';
import { changeOf } from './notices.js';
import { renderCase } from './render.js';
import { askRating } from './rating.js';
import { trustedCaseNo } from './trusted-case.js';
import type { BundleId } from '../../knowledge/schema/index.js';

/** Steps where a rating question would cut into what the user is doing. */
function busy(conv: ConversationData): boolean {
  return conv.mode === 'interview' || (conv.mode === 'apply' && conv.apply?.step !== 'submitted');
}

/**
 * The worker delivered an application that was queued: tell the user its 受理编号. Every word comes from
 * what we sent (the application: its bundle and promised days) or is checked (the 受理编号's format and
 * check digit); nothing of the backend's response is shown as it came.
 */
/** What a delivered application tells of itself: the bot's own view, so this layer needs no backend type. */
export interface DeliveredApplication {
  id: string;
  bundle: BundleId;
  checklist: { promisedDays: number; waits?: Wait[] };
}

export function deliveredLater(k: Knowledge, app: DeliveredApplication, caseNo: string, conv: ConversationData, user: UserData): Reply[] {
  const name = k.bundles.get(app.bundle)?.name ?? '一件事';
  const promise = `各部门同时办理，${promisedText(app.checklist.promisedDays, app.checklist.waits)}，进度有变化会通知您。`;
  const no = trustedCaseNo(caseNo);
  if (!no) return [{ text: `您的「${name}」申请已成功提交。${promise}受理编号请说「我的申请到哪了」查询，或拨打 12345。` }];
  if (conv.apply && conv.apply.applicationId === app.id) conv.apply.caseNo = no;
  if (!user.cases.some((x) => x.caseNo === no)) user.cases.push({ caseNo: no, bundle: app.bundle, at: new Date().toISOString() });
  return [{ text: `您的「${name}」申请已成功提交，受理编号 ${no}。${promise}` }];
}

/**
 * A department moved the case on: say what changed; when it is finished, ask for a rating.
 * `c` must come through trustedCase: every word of the notice is ours or the department's quoted note,
 * never the webhook's summary (a forged or compromised webhook once sent 「请点击 https://…」 this way).
 */
export function caseChanged(k: Knowledge, c: CaseView, conv: ConversationData, user: UserData): Reply[] {
  const name = k.bundles.get(c.bundle)?.name ?? c.bundle;
  if (!user.cases.some((x) => x.caseNo === c.caseNo)) user.cases.push({ caseNo: c.caseNo, bundle: c.bundle, at: c.createdAt });
  const replies: Reply[] = [{ text: `【办件进度】${changeOf(c)}\n${renderCase(c, name)}` }];
  const done = c.status === 'completed' || c.status === 'rejected';
  const entry = user.cases.find((x) => x.caseNo === c.caseNo)!;
  if (done && !entry.rated && !c.rating) {
    if (busy(conv)) replies.push({ text: `办件已${c.statusLabel}。方便时说「评价」为本次服务打分。` });
    else replies.push(...askRating(conv, c.caseNo));
  }
  return replies;
}
