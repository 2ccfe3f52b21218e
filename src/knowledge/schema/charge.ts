import { z } from 'zod';
import { AmountExpr, Basis, Condition, Id } from './common.js';

/**
 * A fee or tax rule. Several rules may share a `name` (契税 at 1%, 1.5%, 2%, 3%): their conditions
 * pick one, and the estimate names the rule it used.
 *
 * A rule has either an `amount` the assistant computes, or, when the price is set by whoever provides
 * the service (刻章企业、施工单位、公证处 ...), `unpriced`: how it is priced, in words. An unpriced
 * rule is listed with those words and left out of totals, which say so.
 */
export const Charge = z
  .object({
    id: Id,
    name: z.string(),
    payer: z.string(),
    when: Condition.optional(),
    amount: AmountExpr.optional(),
    /** no figure to compute: what the user is told instead of an amount ("按燃气公司公示标准收取") */
    unpriced: z.string().min(2).optional(),
    /** how the amount is computed, in words, for the user: "成交价 × 1%" */
    rule: z.string(),
    /** a tax computed from what the user said is an estimate; a fixed fee is not */
    estimate: z.boolean().default(true),
    note: z.string().optional(),
    ...Basis,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.amount === undefined && c.unpriced === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: '收费规则要写 amount（金额或算式），价格由服务方定的写 unpriced（如“按公示价格”）' });
    }
    if (c.amount !== undefined && c.unpriced !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['unpriced'], message: '有 amount 就不要再写 unpriced：二者只能写一个' });
    }
  });
export type Charge = z.output<typeof Charge>;

export const ChargesFile = z.object({ charges: z.array(Charge).min(1) }).strict();
