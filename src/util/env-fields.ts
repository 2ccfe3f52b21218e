import { z } from 'zod';

/**
 * The settings the bot server and the reference backend both read (ports, the shared secret, the staff
 * token), defined once so both check them alike and say so in the same words, Chinese and English.
 */
export const portField = (name: string, def: number) =>
  z.coerce
    .number({ message: `${name} 应为端口号（must be a port number）` })
    .int(`${name} 应为整数端口号（must be an integer）`)
    .min(0, `${name} 不能小于 0（must be ≥ 0）`)
    .max(65535, `${name} 不能大于 65535（must be ≤ 65535）`)
    .default(def);

export const secretField = (name: string) =>
  z.string({ message: `缺少 ${name}（${name} is required）` }).min(16, `${name} 至少16个字符，建议用随机串（${name} must be at least 16 characters）`);
