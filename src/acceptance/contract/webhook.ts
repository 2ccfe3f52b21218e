import { z } from 'zod';
import { CaseView } from './case.js';

export const WEBHOOK_TYPES = ['case.created', 'task.updated', 'case.rated', 'followup.updated'] as const;
export const WebhookType = z.enum(WEBHOOK_TYPES);
export type WebhookType = z.output<typeof WebhookType>;

/**
 * One change of a case, pushed to the bot so the applicant hears it unasked. `id` stays the same
 * through retries (deduplicate on it); `case.revision` orders events of one case.
 */
export const WebhookEvent = z.object({
  id: z.string(),
  type: WebhookType,
  at: z.string(),
  caseNo: z.string(),
  /** what changed, in Chinese, ready to show (e.g. "西安市未央区住房和城乡建设局：补正（请补交…）") */
  summary: z.string(),
  case: CaseView,
});
export type WebhookEvent = z.output<typeof WebhookEvent>;
