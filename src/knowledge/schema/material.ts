import { z } from 'zod';
import { Basis, Condition, Id } from './common.js';

/** How a material is handed in at the window. */
export const MaterialForm = z.enum(['original', 'copy', 'original_and_copy', 'electronic', 'generated']);
export type MaterialForm = z.output<typeof MaterialForm>;

export const Material = z
  .object({
    id: Id,
    name: z.string(),
    form: MaterialForm.default('original'),
    copies: z.number().int().min(0).default(1),
    issuer: z.string().optional(),
    /**
     * The government fetches it itself (电子证照库, shared data), so the user is told it is covered
     * instead of being asked to bring it. `when` narrows it to situations where the source has it.
     */
    shared: z.object({ source: z.string(), when: Condition.optional(), note: z.string().optional() }).strict().optional(),
    note: z.string().optional(),
    ...Basis,
  })
  .strict();
export type Material = z.output<typeof Material>;

export const MaterialsFile = z.object({ materials: z.array(Material).min(1) }).strict();
