import { z } from 'zod';
import { Id } from './common.js';

/** Value kinds of form fields; each has a validator in src/engine/validate. */
export const FieldType = z.enum([
  'name',
  'idcard',
  'uscc',
  'phone',
  'landline',
  'date',
  'money',
  'area',
  'number',
  'text',
  'address',
  'choice',
  'bankcard',
  /** 开户银行: a bank's name, never its card number */
  'bank',
  /** 不动产权证号 (or an older 房屋所有权证号) as printed on the certificate */
  'title_cert',
]);
export type FieldType = z.output<typeof FieldType>;

export const Field = z
  .object({
    id: Id,
    label: z.string(),
    type: FieldType,
    group: z.string().default('申请信息'),
    options: z.array(z.string()).optional(),
    /** key in the user's profile that prefills it (name, idNumber, phone, address, companyName, uscc) */
    profile: z.string().optional(),
    /** a situation question whose answer prefills it */
    fromAnswer: z.string().optional(),
    /** filled by the shared-data provider when available (共享数据自动预填) */
    shared: z.string().optional(),
    optional: z.boolean().default(false),
    hint: z.string().optional(),
    /**
     * a choice that names a party already on the form: option → { field it fills: field it is copied from },
     * e.g. 监护人 父亲 → 申请人姓名 from 父亲姓名, so the same person is never typed twice
     */
    copies: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .strict()
  .refine((f) => f.type !== 'choice' || (f.options?.length ?? 0) > 0, {
    message: '选择类字段需要 options',
  });
export type Field = z.output<typeof Field>;

export const FieldsFile = z.object({ fields: z.array(Field).min(1) }).strict();
