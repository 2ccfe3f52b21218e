import { z } from 'zod';
import { ZH } from '../../src/acceptance/contract/errors.js';
import { GENERATE_HINT, secretsVerdict } from '../../src/util/secrets.js';
import { portField, secretField } from '../../src/util/env-fields.js';

export const BackendEnv = z.object({
  BACKEND_PORT: portField('BACKEND_PORT', 3979),
  BACKEND_HOST: z.string().default('127.0.0.1'),
  BACKEND_DATA_DIR: z.string().min(1).default('./data/backend'),
  BACKEND_SECRET: secretField('BACKEND_SECRET'),
  STAFF_TOKEN: secretField('STAFF_TOKEN'),
  BOT_WEBHOOK_URL: z.url({ message: 'BOT_WEBHOOK_URL 应为完整网址，如 http://127.0.0.1:3978/api/backend/events（must be a URL）' }).optional(),
  SHARED_DATA_FILE: z.string().default('knowledge/samples/shared-data.yaml'),
  /** seals backend.json at rest (base64 of 32 bytes); without it a key is generated beside the data */
  BACKEND_ENCRYPTION_KEY: z.string().optional(),
  /** older keys, comma-separated, that still open what they sealed (key rotation) */
  BACKEND_ENCRYPTION_OLD_KEYS: z.string().optional(),
});
export type BackendEnv = z.output<typeof BackendEnv>;

/** Reads the backend's settings; a wrong one is reported by name, in Chinese and English. */
export function parseBackendEnv(env: NodeJS.ProcessEnv): { ok: true; env: BackendEnv; warnings: string[] } | { ok: false; message: string } {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = BackendEnv.safeParse(clean, ZH);
  const verdict = r.success ? secretsVerdict(r.data.BACKEND_HOST, { BACKEND_SECRET: r.data.BACKEND_SECRET, STAFF_TOKEN: r.data.STAFF_TOKEN }) : {};
  const refuse = verdict.refuse;
  if (r.success && !refuse) return { ok: true, env: r.data, warnings: verdict.warn ?? [] };
  const lines = r.success ? refuse!.slice(0, -1).map((l) => `  - ${l}`) : r.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
  return {
    ok: false,
    message: ['受理平台配置有误（backend configuration error）：', ...lines, GENERATE_HINT].join('\n'),
  };
}
