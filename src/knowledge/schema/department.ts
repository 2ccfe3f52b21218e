import { z } from 'zod';
import { Basis, Id } from './common.js';

export const Window = z
  .object({
    name: z.string(),
    address: z.string(),
    hours: z.string(),
    phone: z.string().optional(),
    /**
     * the values the district has confirmed. In a department marked `verify`, every other value is shown
     * with 「以窗口公布为准」 rather than as a fact.
     */
    confirmed: z.array(z.enum(['address', 'hours', 'phone'])).default([]),
  })
  .strict();

export const Department = z
  .object({
    id: Id,
    name: z.string(),
    /** what people call it at the counter: 不动产登记中心, 派出所 */
    short: z.string().optional(),
    window: Window.optional(),
    ...Basis,
  })
  .strict();
export type Department = z.output<typeof Department>;

export const DepartmentsFile = z.object({ departments: z.array(Department).min(1) }).strict();
