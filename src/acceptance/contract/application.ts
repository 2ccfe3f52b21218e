import { z } from 'zod';
import { BundleId, Delivery, Id } from '../../knowledge/schema/index.js';
import { idCardProblem, ID_CARD_MESSAGES, isMobile } from '../../engine/validate/index.js';

/**
 * The merged application (一表申报) as the bot sends it to the acceptance platform. Versioned so a
 * real platform can tell old documents from new ones; a breaking change makes version 2.
 */
export const APPLICATION_VERSION = 1 as const;

/** Also the Idempotency-Key: the bot makes it once (crypto.randomUUID()) and keeps it through retries. */
export const ApplicationId = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, '申请编号应为8到100位的字母、数字、- 或 _');

const AnswerValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const FormValue = z.union([z.string(), z.number(), z.boolean()]);
const IsoDateTime = z.iso.datetime({ offset: true, message: '时间应为 ISO 8601 格式（如 2026-11-28T08:00:00+08:00）' });

export const ApplicationItem = z
  .object({
    id: Id,
    name: z.string().min(1),
    /** the department that handles the item (its lead) */
    department: Id,
    departmentName: z.string().min(1),
  })
  .strict();
export type ApplicationItem = z.output<typeof ApplicationItem>;

/** A department that works on the bundle without owning an item (配合单位). */
export const CooperatingDepartment = z.object({ department: Id, departmentName: z.string().min(1) }).strict();

/** a wait the law counts in calendar days (自然日): a notice period, never part of the working days */
export const CalendarWait = z.object({ days: z.number().int().min(1), what: z.string().min(1) }).strict();

export const ChecklistSummary = z
  .object({
    /** names of the materials the applicant brings (带齐材料) */
    bring: z.array(z.string()),
    /** names of the materials fetched from shared data (免交) */
    shared: z.array(z.string()),
    charges: z.array(z.object({ name: z.string(), amount: z.number().nullable(), estimate: z.boolean() }).strict()),
    promisedDays: z.number().min(0),
    /** waits counted in calendar days on top of the working days (简易注销公告期 20 天) */
    waits: z.array(CalendarWait).optional(),
    /** certificates and results the case produces */
    outputs: z.array(z.string()).default([]),
  })
  .strict();

export const DeliveryChoice = z
  .object({ method: Delivery, address: z.string().min(6, '邮寄地址请写完整').optional() })
  .strict()
  .refine((d) => d.method !== 'post' || d.address !== undefined, { message: '选择邮寄时必须填写邮寄地址', path: ['address'] });
export type DeliveryChoice = z.output<typeof DeliveryChoice>;

export const Applicant = z
  .object({
    name: z.string().min(1, '申请人姓名不能为空').max(50),
    idNumber: z.string().superRefine((v, ctx) => {
      const p = idCardProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: ID_CARD_MESSAGES[p] });
    }),
    phone: z.string().refine(isMobile, '申请人手机号应为11位、以1开头'),
  })
  .strict();

/** Where the applicant talks to the bot: what a status change needs to reach them unasked. */
export const Channel = z
  .object({
    /** msteams, webchat, wechat, wecom, terminal, ... (Bot Framework channelId or the project's adapter name) */
    kind: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, '渠道类型应为小写英文'),
    conversationId: z.string().min(1),
    userId: z.string().min(1),
    serviceUrl: z.url().optional(),
  })
  .strict();
export type Channel = z.output<typeof Channel>;

export const Application = z
  .object({
    version: z.literal(APPLICATION_VERSION, { message: '不支持的申请文档版本，本接口只接受 version 1' }),
    id: ApplicationId,
    bundle: BundleId,
    items: z.array(ApplicationItem).min(1, '申请至少应包含一个办理事项'),
    cooperating: z.array(CooperatingDepartment).default([]),
    answers: z.record(z.string(), AnswerValue),
    form: z.record(z.string(), FormValue),
    checklist: ChecklistSummary,
    delivery: DeliveryChoice,
    applicant: Applicant,
    channel: Channel,
    consent: z.object({ given: z.literal(true, { message: '提交前必须取得申请人对使用个人信息的同意' }), at: IsoDateTime }).strict(),
    createdAt: IsoDateTime,
  })
  .strict();
/** What the bot builds (defaults may be left out). */
export type ApplicationInput = z.input<typeof Application>;
/** What the backend stores after parsing. */
export type Application = z.output<typeof Application>;
