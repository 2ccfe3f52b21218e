import { z } from 'zod';
import { secretsVerdict } from '../util/secrets.js';
import { parseWorkHours } from '../bot/work-hours.js';
import { parseKey } from '../util/crypto-at-rest.js';
import { portField, secretField } from '../util/env-fields.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
/** every comma-separated key must be base64 of 32 bytes (the message says so in Chinese and English) */
function checkKeys(v: string | undefined, ctx: z.RefinementCtx): void {
  for (const k of (v ?? '').split(',').filter((s) => s.trim())) {
    try {
      parseKey(k);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return;
    }
  }
}

/** Every environment variable the server reads, with its default; documented in .env.example. */
export const ConfigSchema = z.object({
  PORT: portField('PORT', 3978),
  /** loopback by default: listening where others can reach it needs real secrets (src/util/secrets.ts) */
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONVERSATION_TTL_DAYS: z.coerce.number().positive('会话保存天数必须大于 0').default(30),
  MICROSOFT_APP_ID: optional,
  MICROSOFT_APP_PASSWORD: optional,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: optional,
  /** the acceptance backend; unset runs the reference backend beside the bot */
  BACKEND_URL: z
    .string()
    .url('BACKEND_URL 必须是完整网址，如 http://127.0.0.1:3979')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  BACKEND_SECRET: secretField('BACKEND_SECRET').default('dev-only-backend-secret-change-me'),
  BACKEND_PORT: portField('BACKEND_PORT', 3979),
  STAFF_TOKEN: secretField('STAFF_TOKEN').default('dev-only-staff-token-change-me'),
  /** how the backend reaches this bot for status webhooks */
  PUBLIC_URL: optional,
  CONSOLE_SESSION_HOURS: z.coerce.number().positive().default(8),
  /** 转人工: working minutes a request waits before the citizen is told nobody is free and given 12345 */
  HANDOVER_WAIT_MINUTES: z.coerce.number().positive('HANDOVER_WAIT_MINUTES 必须大于 0').default(3),
  /** the operators' 工作时间: weekdays 1–7 then time ranges, groups separated by ";" */
  HANDOVER_WORK_HOURS: z
    .string()
    .default('1-5 09:00-17:00')
    .superRefine((v, ctx) => {
      try {
        parseWorkHours(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  /** the work hours' time zone as hours east of UTC (China: 8) */
  HANDOVER_UTC_OFFSET: z.coerce.number().min(-12).max(14).default(8),
  /** handled 转人工 requests are kept this many days (open ones always) */
  HANDOVER_KEEP_DAYS: z.coerce.number().positive().default(30),
  METRICS_TOKEN: optional,
  SMS_GATEWAY_URL: z
    .string()
    .url('SMS_GATEWAY_URL 必须是完整网址')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SHARED_DATA_URL: z
    .string()
    .url('SHARED_DATA_URL 必须是完整网址')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** believe X-Forwarded-For / Forwarded from a proxy on this machine (the client's address for limits) */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** requests per minute one address may make on the public JSON routes and /api/messages */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().positive('RATE_LIMIT_PER_MINUTE 必须大于 0').default(120),
  /** messages per minute one channel user may send (every channel, WeChat included) */
  RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().positive('RATE_LIMIT_USER_PER_MINUTE 必须大于 0').default(40),
  /** new conversations one address may start per hour on /api/messages */
  NEW_CONVERSATIONS_PER_HOUR: z.coerce.number().int().positive('NEW_CONVERSATIONS_PER_HOUR 必须大于 0').default(20),
  /** below this much free space under DATA_DIR, new conversations are refused */
  DISK_MIN_FREE_MB: z.coerce.number().nonnegative().default(200),
  /**
   * Bot Framework channel service URLs replies may be posted to (comma-separated, `*` matches one or
   * more host labels); loopback is allowed only in the anonymous Emulator mode
   */
  BOT_SERVICE_URLS: z
    .string()
    .default('https://*.botframework.com,https://*.botframework.azure.us,https://*.trafficmanager.net,https://smba.*')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** base64 of the 32-byte key stored personal data is encrypted with; unset: one generated under DATA_DIR/keys */
  DATA_ENCRYPTION_KEY: optional.superRefine((v, ctx) => checkKeys(v, ctx)),
  /** earlier keys (comma-separated), only to read records until `npm run rotate-key` re-encrypts them */
  DATA_ENCRYPTION_OLD_KEYS: optional.superRefine((v, ctx) => checkKeys(v, ctx)),
  /** base64 of 32 bytes: records are kept under an HMAC of their key with it (see src/bot/state/hashed-keys.ts) */
  DATA_LOOKUP_KEY: optional.superRefine((v, ctx) => checkKeys(v, ctx)),
});
export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** The secrets whose public defaults or short values are refused beyond loopback. */
export const configSecrets = (c: Config) => ({ STAFF_TOKEN: c.STAFF_TOKEN, BACKEND_SECRET: c.BACKEND_SECRET });

/** Reads and checks the environment; a wrong value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = ConfigSchema.safeParse(env);
  if (r.success) {
    const refuse = secretsVerdict(r.data.HOST, configSecrets(r.data)).refuse;
    if (refuse) throw new ConfigError(`密钥不安全，服务未启动（weak secrets, not started）：\n${refuse.map((l) => `  ${l}`).join('\n')}`);
    return r.data;
  }
  const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`配置有误，服务未启动：\n${lines.join('\n')}\n（各变量的说明和默认值见 .env.example）`);
}
