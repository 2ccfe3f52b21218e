import { z } from 'zod';

/** ASCII ids keep logic (conditions, APIs) free of encoding trouble; Chinese lives in names and labels. */
export const Id = z.string().regex(/^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/, '编号只能用小写英文字母、数字、- 和 _，并以字母开头');

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写成 YYYY-MM-DD');

/** When a rule is in force. `to` is the last day it applies; open-ended when absent. */
export const Effective = z.union([
  IsoDate.transform((from) => ({ from, to: undefined as string | undefined })),
  z.object({ from: IsoDate, to: IsoDate.optional() }).strict(),
]);
export type Effective = z.output<typeof Effective>;

/** Every rule names where it comes from and since when, so a policy change is a data change. */
export const Basis = {
  source: z.string().min(2, '请写明出处（文件名、文号或网页）'),
  effective: Effective,
  /** true where the brief says "verify": shown to staff, and the bot says "以窗口为准". */
  verify: z.boolean().default(false),
};

/** A condition in the expression language (see src/knowledge/expr); checked against the bundle's questions. */
export const Condition = z.string().min(1);
/** An amount in the expression language, in 元 unless the field says otherwise. */
export const AmountExpr = z.union([z.number(), z.string().min(1)]).transform(String);

export function inForce(e: Effective, day: string): boolean {
  return e.from <= day && (e.to === undefined || day <= e.to);
}
