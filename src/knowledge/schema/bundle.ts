import { z } from 'zod';
import { Basis, Condition, Id } from './common.js';

export const BUNDLE_IDS = [
  'birth',
  'public-onboarding',
  'second-hand-house',
  'public-retirement',
  'end-of-life',
  'business-startup',
  'business-deregistration',
  'new-home-certificate',
  'road-excavation',
  'utility-connection',
] as const;
export const BundleId = z.enum(BUNDLE_IDS);
export type BundleId = z.output<typeof BundleId>;

export const Delivery = z.enum(['window', 'post', 'electronic']);
export type Delivery = z.output<typeof Delivery>;

export const Faq = z
  .object({
    id: Id,
    /** the kinds of question it answers: 到场, 代办, 时间, 地点, 费用 ... matched by the understanding */
    topic: z.enum(['presence', 'agent', 'time', 'place', 'fee', 'online', 'other']),
    question: z.string(),
    answer: z.string(),
    when: Condition.optional(),
    ...Basis,
  })
  .strict();
export type Faq = z.output<typeof Faq>;

/**
 * A situation in which the bundle cannot be done at all (经济适用房 held under 5 years cannot be sold on the
 * market): the bot stops on it and says what to do instead, rather than handing out a checklist.
 */
export const Block = z
  .object({
    id: Id,
    when: Condition,
    message: z.string(),
    /** what the citizen can do instead */
    todo: z.string(),
    ...Basis,
  })
  .strict();
export type Block = z.output<typeof Block>;

/**
 * What following a linked bundle carries over, by the knowledge's own question ids. `share` pairs are
 * declared once, on either bundle, and read both ways; `sets` is what taking this link says about the
 * other bundle's situation (utility connection that digs the road → road works that dig, for new pipes).
 */
export const Carry = z
  .object({
    share: z
      // option id here → option id there, or → true/false where the other side is a yes/no question
      .array(z.object({ here: Id, there: Id, values: z.record(z.string(), z.union([z.string(), z.boolean()])).optional() }).strict())
      .default([]),
    sets: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).default({}),
    /**
     * form values the two matters share (逝者姓名, 申请人): a field id both forms hold, or a pair when the
     * same value is a different field there. Read both ways, like `share`; never asked again.
     */
    fields: z.array(z.union([Id.transform((f) => ({ here: f, there: f })), z.object({ here: Id, there: Id }).strict()])).default([]),
  })
  .strict();
export type Carry = z.output<typeof Carry>;

export const Bundle = z
  .object({
    id: BundleId,
    name: z.string(),
    fullName: z.string().optional(),
    audience: z.enum(['person', 'business']),
    summary: z.string(),
    /** said before anything else when the interview starts (condolences for a death) */
    opening: z.string().optional(),
    aliases: z.array(z.string()).min(3),
    lead: z.array(Id).min(1),
    cooperating: z.array(Id).default([]),
    /** the department whose window receives the merged application (一口受理) */
    window: Id,
    items: z
      .array(z.union([Id.transform((item) => ({ item, when: undefined as string | undefined })), z.object({ item: Id, when: Condition.optional() }).strict()]))
      .min(1),
    outputs: z.array(z.string()).min(1),
    delivery: z.array(Delivery).min(1),
    /** trips to government offices before the reform (sum over items) and now */
    visits: z.object({ before: z.number().int().min(0), after: z.number().int().min(0) }).strict(),
    /** bundles that often come together ("挖路接水" links utility-connection to road-excavation) */
    related: z.array(z.object({ bundle: BundleId, when: Condition.optional(), why: z.string(), carry: Carry.optional() }).strict()).default([]),
    notes: z.array(z.object({ text: z.string(), when: Condition.optional() }).strict()).default([]),
    blocks: z.array(Block).default([]),
    faq: z.array(Faq).default([]),
    ...Basis,
  })
  .strict();
export type Bundle = z.output<typeof Bundle>;
