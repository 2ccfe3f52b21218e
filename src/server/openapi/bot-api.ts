import { z } from 'zod';

/**
 * The bot server's JSON API as zod schemas: the routes validate requests with them and the OpenAPI
 * document is generated from them, so the two cannot drift apart.
 */
export const Answer = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export const ChecklistRequest = z.object({
  bundle: z.string(),
  answers: z.record(z.string(), Answer).default({}),
  today: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export const ParseRequest = z.object({ text: z.string().max(1000, '文字不能超过 1000 字') });

export const ErrorResponse = z.object({ error: z.string().describe('what went wrong, in Chinese'), details: z.unknown().optional() });

export const HealthResponse = z.looseObject({
  status: z.literal('ok'),
  bundles: z.number().int(),
  uptimeSeconds: z.number().int(),
  memoryMB: z.object({ rss: z.number(), heapUsed: z.number(), heapTotal: z.number(), external: z.number() }),
});

/** /readyz: the same body at 200 (ready) and 503 (starting, draining). */
export const ReadyResponse = z.object({
  status: z.enum(['starting', 'ready', 'draining']),
  turnsInFlight: z.number().int(),
});

export const BundlesResponse = z.object({
  bundles: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      fullName: z.string(),
      audience: z.unknown(),
      summary: z.string(),
      aliases: z.array(z.string()),
      lead: z.array(z.string()),
      cooperating: z.array(z.string()),
      questions: z.number().int(),
    }),
  ),
});

const Scored = z.object({ bundle: z.string(), confidence: z.number() });
export const ParseResponse = z.looseObject({
  text: z.string(),
  intent: z.object({ name: z.string(), confidence: z.number() }),
  bundle: z.string().nullable(),
  entities: z.array(z.looseObject({ type: z.string(), value: z.unknown(), text: z.string() })),
  candidates: z.array(Scored),
  answers: z.record(z.string(), Answer),
});

const MaterialLine = z.looseObject({ name: z.string() });
export const ChecklistResponse = z.object({
  checklist: z.looseObject({
    bundle: z.object({ id: z.string(), name: z.string() }),
    complete: z.boolean(),
    pending: z.array(z.string()),
    items: z.array(z.looseObject({ id: z.string(), name: z.string(), department: z.string() })),
    bring: z.array(MaterialLine),
    shared: z.array(MaterialLine),
    maybe: z.array(MaterialLine),
    charges: z.looseObject({}),
    time: z.looseObject({}),
    window: z.looseObject({ name: z.string(), address: z.string(), hours: z.string() }),
    outputs: z.array(z.string()),
    notes: z.array(z.string()),
    verify: z.boolean(),
  }),
  nextQuestion: z
    .looseObject({ id: z.string(), type: z.string(), text: z.string() })
    .nullable()
    .describe('the next situation question that changes the answer, or null when none is left'),
  form: z.looseObject({}),
});
