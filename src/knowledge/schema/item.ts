import { z } from 'zod';
import { Basis, Condition, Id } from './common.js';
import { MaterialForm } from './material.js';

/**
 * Narrows, for one need, the shared-data cover the material catalogue gives: shared data covers it
 * here only while `when` holds, and never without `when`; otherwise the holder brings it. For the
 * situations the source cannot serve (户口 outside the city, a marriage registered elsewhere). It can
 * only narrow: a material the catalogue does not mark shared is brought anyway.
 */
export const NeedShared = z
  .object({
    when: Condition.optional(),
    /** what the holder is told when they must bring it: "外地户籍的户口簿本市共享库查不到，请带原件" */
    note: z.string().optional(),
    ...Basis,
  })
  .strict();
export type NeedShared = z.output<typeof NeedShared>;

export const MaterialNeed = z
  .object({
    material: Id,
    /** whose material it is (卖方, 买方, 配偶); the same material for two people is two lines */
    holder: z.string().optional(),
    when: Condition.optional(),
    form: MaterialForm.optional(),
    copies: z.number().int().min(0).optional(),
    why: z.string(),
    shared: NeedShared.optional(),
    /**
     * who hands it in when not the citizen: `bank` for the lender's own papers (抵押权人的营业执照、授权委托书、
     * 经办人身份证), listed apart under 「银行经办人带来，您不用准备」
     */
    brought_by: z.enum(['bank']).optional(),
    /**
     * what this need asks of the material, said instead of the catalogue's note: a lease for a company's
     * registered address asks other things than a lease for a meter
     */
    note: z.string().min(2).optional(),
  })
  .strict();
export type MaterialNeed = z.output<typeof MaterialNeed>;

export const FieldNeed = z.union([
  Id.transform((field) => ({ field, when: undefined as string | undefined })),
  z.object({ field: Id, when: Condition.optional() }).strict(),
]);

/** A single approval item (事项) as one department handles it on its own. */
export const Item = z
  .object({
    id: Id,
    name: z.string(),
    department: Id,
    /** promised working days (承诺时限); 0 means same day (即办) */
    promisedDays: z.number().min(0),
    /** legal working days (法定时限); leave out when the item has none: the bundle's legal time then says so */
    legalDays: z.number().min(0).optional(),
    /**
     * a wait the law counts in calendar days (自然日), such as a 20-day public notice: not working days,
     * so never added to `promisedDays` or `legalDays` but said beside them (`what`: 公告期, 征询期)
     */
    wait: z
      .object({ days: z.number().int().min(1), what: z.string().min(2) })
      .strict()
      .optional(),
    /** items that must finish first; everything else runs in parallel */
    after: z.array(Id).default([]),
    materials: z.array(MaterialNeed).default([]),
    fields: z.array(FieldNeed).default([]),
    charges: z.array(Id).default([]),
    outputs: z.array(z.string()).default([]),
    /** a short line for the checklist: what this item does for the user */
    summary: z.string().optional(),
    ...Basis,
  })
  .strict();
export type Item = z.output<typeof Item>;

export const ItemsFile = z.object({ items: z.array(Item).min(1) }).strict();
