import { createHash, randomInt, randomUUID } from 'node:crypto';
import { isCaseNo, makeCaseNo } from '../../src/engine/validate/case-no.js';
import type { Application } from '../../src/acceptance/contract/application.js';
import {
  BAD_RATINGS,
  FOLLOW_UP_STATUS_LABEL,
  RATING_LABEL,
  type CaseView,
  type FollowUp,
  type FollowUpUpdate,
  type RatingInput,
  type Task,
  type TaskUpdate,
} from '../../src/acceptance/contract/case.js';
import { ApiError } from '../../src/acceptance/contract/errors.js';
import type { WebhookEvent, WebhookType } from '../../src/acceptance/contract/webhook.js';
import { makeResult } from './results.js';
import type { BackendData, BackendStore, CaseRecord } from './store.js';
import { applyTaskUpdate, caseStatusLabel, caseStatusOf, splitTasks, transitionProblem } from './tasks.js';

export function bodyHash(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/** The acceptance day in Beijing time, whatever the server's zone. */
function beijingDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** A random number of the day, drawn again on the rare clash: nobody can count their way to another's case. */
function issueCaseNo(d: BackendData, now: Date): string {
  const day = beijingDay(now);
  for (;;) {
    const caseNo = makeCaseNo(day, randomInt(0, 1_000_000));
    if (!d.cases[caseNo]) return caseNo;
  }
}

export function caseView(r: CaseRecord, d: Readonly<BackendData>): CaseView {
  const followUp = r.followUpId ? d.followUps[r.followUpId] : undefined;
  return {
    caseNo: r.caseNo,
    applicationId: r.applicationId,
    bundle: r.application.bundle,
    status: r.status,
    statusLabel: caseStatusLabel(r.status),
    tasks: r.tasks,
    delivery: r.application.delivery.method,
    ...(r.result ? { result: r.result } : {}),
    ...(r.rating ? { rating: r.rating } : {}),
    ...(followUp ? { followUp } : {}),
    channel: r.application.channel,
    promisedDays: r.application.checklist.promisedDays,
    ...(r.application.checklist.waits?.length ? { waits: r.application.checklist.waits } : {}),
    revision: r.revision,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Records the change and its event in the same write: the event cannot be lost after the change. */
function touch(d: BackendData, r: CaseRecord, type: WebhookType, summary: string, at: string): void {
  r.revision += 1;
  r.updatedAt = at;
  const event: WebhookEvent = { id: randomUUID(), type, at, caseNo: r.caseNo, summary, case: caseView(r, d) };
  d.webhooks.push({ event, attempts: 0, nextAt: 0 });
}

/**
 * The case under exactly this number: an own key of the store (never 'constructor' or '__proto__' read
 * through the prototype) with a 受理编号's shape and check digit; nothing is matched by prefix or nearness.
 */
export function findCase(d: Pick<BackendData, 'cases'>, caseNo: string): CaseRecord {
  const r = isCaseNo(caseNo) && Object.hasOwn(d.cases, caseNo) ? d.cases[caseNo] : undefined;
  if (!r) throw new ApiError(404, 'case_not_found', `未找到受理编号为 ${caseNo} 的办件，请核对编号`);
  return r;
}

/** the backend's side of a submission: the case stored, and whether the key had made it before */
export interface StoredSubmission {
  record: CaseRecord;
  replayed: boolean;
}

/** The case already made for this key, if any; the same key with another body is refused. */
function replayOf(d: Readonly<BackendData>, app: Application, hash: string): CaseRecord | undefined {
  const known = d.keys[app.id];
  if (!known) return undefined;
  const record = d.cases[known]!;
  if (record.bodyHash !== hash) {
    throw new ApiError(409, 'idempotency_conflict', '该幂等键已用于另一份内容不同的申请；新的申请请使用新的申请编号');
  }
  return record;
}

/** Stores a new case, or returns the one already made for this key (幂等); a replay writes nothing. */
export async function submitCase(store: BackendStore, app: Application, hash: string, now: Date): Promise<StoredSubmission> {
  const seen = replayOf(store.data, app, hash);
  if (seen) {
    await store.durable();
    return { record: seen, replayed: true };
  }
  return store.mutate((d) => {
    // a first submission of the same key may have landed since the check above
    const raced = replayOf(d, app, hash);
    if (raced) return { record: raced, replayed: true };
    const at = now.toISOString();
    const caseNo = issueCaseNo(d, now);
    const record: CaseRecord = {
      caseNo,
      applicationId: app.id,
      bodyHash: hash,
      application: app,
      status: 'processing',
      tasks: splitTasks(caseNo, app, at),
      revision: 0,
      createdAt: at,
      updatedAt: at,
    };
    d.cases[caseNo] = record;
    d.keys[app.id] = caseNo;
    const depts = record.tasks.map((t) => t.departmentName).join('、');
    touch(d, record, 'case.created', `已受理，受理编号 ${caseNo}，已同时推送至：${depts}`, at);
    return { record, replayed: false };
  });
}

function findTask(d: BackendData, taskId: string): { record: CaseRecord; task: Task } {
  const caseNo = taskId.split('-')[0] ?? '';
  const record = isCaseNo(caseNo) && Object.hasOwn(d.cases, caseNo) ? d.cases[caseNo] : undefined;
  const task = record?.tasks.find((t) => t.id === taskId);
  if (!record || !task) throw new ApiError(404, 'task_not_found', `未找到任务 ${taskId}`);
  return { record, task };
}

export function updateTask(store: BackendStore, taskId: string, u: TaskUpdate, now: Date): Promise<CaseRecord> {
  return store.mutate((d) => {
    const { record, task } = findTask(d, taskId);
    const problem = transitionProblem(task.status, u.status);
    if (problem) throw new ApiError(409, 'invalid_transition', problem);
    const at = now.toISOString();
    applyTaskUpdate(task, u, at);
    record.status = caseStatusOf(record.tasks);
    if (record.status === 'completed' && !record.result) record.result = makeResult(record.caseNo, record.application);
    const reason = task.reason ? `（${task.reason}）` : '';
    touch(d, record, 'task.updated', `${task.departmentName}：${task.statusLabel}${reason}；办件状态：${caseStatusLabel(record.status)}`, at);
    return record;
  });
}

export interface RateOutcome {
  record: CaseRecord;
  followUp?: FollowUp;
}

/** 好差评 of a handled case: one rating per case; a bad one opens a 回访整改 record. */
export function rateCase(store: BackendStore, caseNo: string, input: RatingInput, now: Date): Promise<RateOutcome> {
  return store.mutate((d) => {
    const record = findCase(d, caseNo);
    if (record.status !== 'completed' && record.status !== 'rejected') {
      throw new ApiError(409, 'case_not_finished', '该办件尚未办结，办结后才能评价');
    }
    if (record.rating) throw new ApiError(409, 'already_rated', `该办件已评价（${record.rating.label}），每个办件只能评价一次`);
    const at = now.toISOString();
    const label = RATING_LABEL[input.level];
    record.rating = { caseNo, level: input.level, label, ...(input.comment ? { comment: input.comment } : {}), at };
    let followUp: FollowUp | undefined;
    if (BAD_RATINGS.includes(input.level)) {
      followUp = {
        id: `HF-${caseNo}`,
        caseNo,
        level: input.level,
        ...(input.comment ? { comment: input.comment } : {}),
        status: 'open',
        statusLabel: FOLLOW_UP_STATUS_LABEL.open,
        history: [{ at, status: 'open' }],
        createdAt: at,
        updatedAt: at,
      };
      d.followUps[followUp.id] = followUp;
      record.followUpId = followUp.id;
    }
    const more = followUp ? '，已转回访整改' : '';
    touch(d, record, 'case.rated', `评价：${label}${more}`, at);
    return { record, ...(followUp ? { followUp } : {}) };
  });
}

const FOLLOW_UP_NEXT: Record<FollowUp['status'], readonly FollowUp['status'][]> = {
  open: ['answered', 'closed'],
  answered: ['answered', 'closed'],
  closed: [],
};

export function updateFollowUp(store: BackendStore, id: string, u: FollowUpUpdate, now: Date): Promise<CaseRecord> {
  return store.mutate((d) => {
    const f = d.followUps[id];
    if (!f) throw new ApiError(404, 'follow_up_not_found', `未找到回访记录 ${id}`);
    if (!FOLLOW_UP_NEXT[f.status].includes(u.status)) {
      throw new ApiError(409, 'invalid_transition', `回访记录已${f.statusLabel}，不能再改为“${FOLLOW_UP_STATUS_LABEL[u.status]}”`);
    }
    const record = findCase(d, f.caseNo);
    const at = now.toISOString();
    f.status = u.status;
    f.statusLabel = FOLLOW_UP_STATUS_LABEL[u.status];
    if (u.answer) f.answer = u.answer;
    f.history.push({ at, status: u.status, ...(u.note ? { note: u.note } : {}), ...(u.operator ? { operator: u.operator } : {}) });
    f.updatedAt = at;
    touch(d, record, 'followup.updated', `您对办件 ${record.caseNo} 的评价回访：${f.statusLabel}${u.answer ? `。${u.answer}` : ''}`, at);
    return record;
  });
}
