import type { Application } from '../../src/acceptance/contract/application.js';
import { CASE_STATUS_LABEL, TASK_STATUS_LABEL, type CaseStatus, type Task, type TaskStatus, type TaskUpdate } from '../../src/acceptance/contract/case.js';

/**
 * 并联审批: one task per department, all started at once. A department owning items leads those
 * items; a cooperating department that owns none still gets a task (it checks the shared data).
 */
export function splitTasks(caseNo: string, app: Application, at: string): Task[] {
  const tasks = new Map<string, Task>();
  const make = (department: string, departmentName: string, role: Task['role']): Task => ({
    id: `${caseNo}-${department}`,
    caseNo,
    department,
    departmentName,
    role,
    items: [],
    status: 'pending',
    statusLabel: TASK_STATUS_LABEL.pending,
    history: [{ at, status: 'pending' }],
    updatedAt: at,
  });
  for (const it of app.items) {
    const t = tasks.get(it.department) ?? make(it.department, it.departmentName, 'lead');
    t.items.push({ id: it.id, name: it.name });
    tasks.set(it.department, t);
  }
  for (const c of app.cooperating) {
    if (!tasks.has(c.department)) tasks.set(c.department, make(c.department, c.departmentName, 'cooperating'));
  }
  return [...tasks.values()];
}

/** The case follows from its tasks: one refusal refuses it, all approvals finish it. */
export function caseStatusOf(tasks: readonly Pick<Task, 'status'>[]): CaseStatus {
  if (tasks.some((t) => t.status === 'rejected')) return 'rejected';
  if (tasks.length > 0 && tasks.every((t) => t.status === 'approved')) return 'completed';
  if (tasks.some((t) => t.status === 'correction')) return 'correction';
  return 'processing';
}

export function caseStatusLabel(s: CaseStatus): string {
  return CASE_STATUS_LABEL[s];
}

const NEXT: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ['accepted', 'correction', 'approved', 'rejected'],
  accepted: ['correction', 'approved', 'rejected'],
  // a second 补正 replaces the reason; 受理 again once the applicant has supplied what was missing
  correction: ['correction', 'accepted', 'approved', 'rejected'],
  approved: [],
  rejected: [],
};

/** null when allowed, else the Chinese reason it is not. */
export function transitionProblem(from: TaskStatus, to: TaskStatus): string | null {
  if (NEXT[from].includes(to)) return null;
  if (NEXT[from].length === 0) return `该任务已${TASK_STATUS_LABEL[from]}，不能再变更`;
  return `任务不能从“${TASK_STATUS_LABEL[from]}”改为“${TASK_STATUS_LABEL[to]}”`;
}

/** Applies a checked update; the caller has verified the transition. */
export function applyTaskUpdate(t: Task, u: TaskUpdate, at: string): void {
  t.status = u.status;
  t.statusLabel = TASK_STATUS_LABEL[u.status];
  t.reason = u.status === 'correction' || u.status === 'rejected' ? u.reason : undefined;
  if (t.reason === undefined) delete t.reason;
  t.history.push({ at, status: u.status, ...(u.reason ? { reason: u.reason } : {}), ...(u.operator ? { operator: u.operator } : {}) });
  t.updatedAt = at;
}
