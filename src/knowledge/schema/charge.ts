import { z } from 'zod';
import { AmountExpr, Basis, Condition, Id } from './common.js';

/**
 * A fee or tax rule. Several rules may share a `name` (契税 at 1%, 1.5%, 2%, 3%): their conditions
 * pick one, and the estimate names the rule it used.
 */
export const Charge = z
  .object({
    id: Id,
    name: z.string(),
    payer: z.string(),
    when: Condition.optional(),
    amount: AmountExpr,
    /** how the amount is computed, in words, for the user: "成交价 × 1%" */
    rule: z.string(),
    /** a tax computed from what the user said is an estimate; a fixed fee is not */
    estimate: z.boolean().default(true),
    note: z.string().optional(),
    ...Basis,
  })
  .strict();
export type Charge = z.output<typeof Charge>;

export const ChargesFile = z.object({ charges: z.array(Charge).min(1) }).strict();
