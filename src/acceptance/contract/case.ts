import { z } from 'zod';
import { BundleId, Delivery } from '../../knowledge/schema/index.js';
import { isCaseNo } from '../../engine/validate/case-no.js';
import { CalendarWait, Channel } from './application.js';

/** 受理编号 (src/engine/validate/case-no.ts): WY + acceptance day + random part + check digit. */
export const CaseNo = z.string().refine(isCaseNo, '受理编号应为 WY 加15位数字（8位日期、6位号码、1位校验码），请核对');

/** A department's task. ASCII codes on the wire, Chinese labels for people. */
export const TASK_STATUSES = ['pending', 'accepted', 'correction', 'approved', 'rejected'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.output<typeof TaskStatus>;
export const TASK_STATUS_LABEL: Record<TaskStatus, string> = {
  pending: '待受理',
  accepted: '已受理',
  correction: '补正',
  approved: '通过',
  rejected: '不予通过',
};

export const CASE_STATUSES = ['processing', 'correction', 'completed', 'rejected'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.output<typeof CaseStatus>;
export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  processing: '办理中',
  correction: '待补正',
  completed: '办结',
  rejected: '不予通过',
};

export const TaskEvent = z.object({ at: z.string(), status: TaskStatus, reason: z.string().optional(), operator: z.string().optional() });

export const Task = z.object({
  id: z.string(),
  caseNo: CaseNo,
  department: z.string(),
  departmentName: z.string(),
  /** lead: owns at least one item; cooperating: works on the shared data without an item */
  role: z.enum(['lead', 'cooperating']),
  items: z.array(z.object({ id: z.string(), name: z.string() })),
  status: TaskStatus,
  statusLabel: z.string(),
  /** why a 补正 or 不予通过: what the applicant reads */
  reason: z.string().optional(),
  history: z.array(TaskEvent),
  updatedAt: z.string(),
});
export type Task = z.output<typeof Task>;

/** 一窗发证: the result record made when the case is 办结, one shape per delivery choice. */
export const CaseResult = z.discriminatedUnion('method', [
  z.object({ method: z.literal('window'), label: z.literal('窗口领取'), outputs: z.array(z.string()), pickupCode: z.string(), note: z.string() }),
  z.object({ method: z.literal('post'), label: z.literal('邮寄'), outputs: z.array(z.string()), carrier: z.string(), waybillNo: z.string(), note: z.string() }),
  z.object({ method: z.literal('electronic'), label: z.literal('电子证照'), outputs: z.array(z.string()), licenceNo: z.string(), note: z.string() }),
]);
export type CaseResult = z.output<typeof CaseResult>;

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export const RatingLevel = z.enum(RATING_LEVELS);
export type RatingLevel = z.output<typeof RatingLevel>;
export const RATING_LABEL: Record<RatingLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};
/** 差评: verified, answered and fixed, and the applicant told (回访整改). */
export const BAD_RATINGS: readonly RatingLevel[] = ['dissatisfied', 'very_dissatisfied'];

/** Finds the level named in a user's reply; the longest label wins ("非常不满意" holds "不满意" and "满意"). */
export function ratingLevelFromText(text: string): RatingLevel | null {
  const byLength = [...RATING_LEVELS].sort((a, b) => RATING_LABEL[b].length - RATING_LABEL[a].length);
  return byLength.find((l) => text.includes(RATING_LABEL[l])) ?? null;
}

export const RatingInput = z.object({ level: RatingLevel, comment: z.string().max(500, '评价内容请控制在500字以内').optional() }).strict();
export type RatingInput = z.output<typeof RatingInput>;

export const Rating = z.object({ ...RatingInput.shape, caseNo: CaseNo, label: z.string(), at: z.string() });
export type Rating = z.output<typeof Rating>;

export const FOLLOW_UP_STATUSES = ['open', 'answered', 'closed'] as const;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.output<typeof FollowUpStatus>;
export const FOLLOW_UP_STATUS_LABEL: Record<FollowUpStatus, string> = { open: '待回访', answered: '已答复', closed: '已整改办结' };

export const FollowUp = z.object({
  id: z.string(),
  caseNo: CaseNo,
  level: RatingLevel,
  comment: z.string().optional(),
  status: FollowUpStatus,
  statusLabel: z.string(),
  /** the answer the applicant is told */
  answer: z.string().optional(),
  history: z.array(z.object({ at: z.string(), status: FollowUpStatus, note: z.string().optional(), operator: z.string().optional() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FollowUp = z.output<typeof FollowUp>;

/**
 * What the applicant's side may see of a case: progress, not the personal data it was filed with.
 * Response and event shapes accept unknown keys (a platform may add fields); requests refuse them.
 */
export const CaseView = z.object({
  caseNo: CaseNo,
  applicationId: z.string(),
  bundle: BundleId,
  status: CaseStatus,
  statusLabel: z.string(),
  tasks: z.array(Task),
  delivery: Delivery,
  result: CaseResult.optional(),
  rating: Rating.optional(),
  followUp: FollowUp.optional(),
  channel: Channel,
  promisedDays: z.number(),
  /** calendar-day waits (公告期) on top of `promisedDays` */
  waits: z.array(CalendarWait).optional(),
  /** grows by one on every change; a receiver drops events older than what it has */
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseView = z.output<typeof CaseView>;

export const SubmitResponse = z.object({ caseNo: CaseNo, replayed: z.boolean(), case: CaseView });
export type SubmitResponse = z.output<typeof SubmitResponse>;
export const RateResponse = z.object({ rating: Rating, followUp: FollowUp.optional(), case: CaseView });
export type RateResponse = z.output<typeof RateResponse>;

export const TaskUpdate = z
  .object({
    status: z.enum(['accepted', 'correction', 'approved', 'rejected']),
    reason: z.string().min(2).max(500).optional(),
    operator: z.string().max(50).optional(),
  })
  .strict()
  .refine((u) => !(u.status === 'correction' || u.status === 'rejected') || u.reason !== undefined, {
    message: '补正或不予通过必须写明原因（申请人会看到）',
    path: ['reason'],
  });
export type TaskUpdate = z.output<typeof TaskUpdate>;

export const FollowUpUpdate = z
  .object({
    status: z.enum(['answered', 'closed']),
    answer: z.string().min(2).max(1000).optional(),
    note: z.string().max(500).optional(),
    operator: z.string().max(50).optional(),
  })
  .strict()
  .refine((u) => u.status !== 'answered' || u.answer !== undefined, { message: '答复时必须填写答复内容', path: ['answer'] });
export type FollowUpUpdate = z.output<typeof FollowUpUpdate>;

export const ErrorBody = z.object({ error: z.string(), message: z.string(), details: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
export type ErrorBody = z.output<typeof ErrorBody>;
