import { z } from 'zod';
import { isIdCard, isUscc } from '../../engine/validate/index.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What the population database (人口库) shares for prefilling a form. */
export const PersonRecord = z
  .object({
    idNumber: z.string().refine((v) => isIdCard(v), '身份证号校验不通过'),
    name: z.string().min(1),
    sex: z.enum(['男', '女']),
    birthDate: IsoDate,
    ethnicity: z.string().optional(),
    /** 户籍地址 */
    address: z.string().optional(),
    phone: z.string().optional(),
    maritalStatus: z.string().optional(),
  })
  .strict();
export type PersonRecord = z.output<typeof PersonRecord>;

/** What the legal-entity database (法人库) shares. */
export const CompanyRecord = z
  .object({
    uscc: z.string().refine(isUscc, '统一社会信用代码校验不通过'),
    name: z.string().min(1),
    type: z.string(),
    legalRepresentative: z.string(),
    registeredAddress: z.string(),
    registeredCapital: z.string().optional(),
    establishedOn: IsoDate,
    /** 存续, 注销, 吊销 ... as the register words it */
    status: z.string(),
  })
  .strict();
export type CompanyRecord = z.output<typeof CompanyRecord>;

/**
 * 共享数据: data the government already holds, so the form is checked rather than filled. null means
 * no record; a provider that cannot answer throws, and the form simply asks the user.
 */
export interface SharedDataProvider {
  lookupPerson(idNumber: string): Promise<PersonRecord | null>;
  lookupCompany(uscc: string): Promise<CompanyRecord | null>;
}
