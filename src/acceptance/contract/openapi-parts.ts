import { z } from 'zod';

/** Building blocks of the OpenAPI 3.1 documents, generated from the zod schemas the routes validate with. */
export type Json = Record<string, unknown>;

/** JSON Schema 2020-12 (what OpenAPI 3.1 speaks) from a zod schema; checks and transforms zod cannot express are left out */
export const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return rest;
};
export const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ 'application/json': { schema: schema(s, io) } });
export const body = (s: z.ZodType) => ({ required: true, content: json(s, 'input') });
export const ok = (description: string, s: z.ZodType) => ({ description, content: json(s) });
export const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
export const queryParam = (name: string, description: string, required = false) => ({ name, in: 'query', required, schema: { type: 'string' }, description });

export const SIGNED = [{ hmac: [] }];
export const STAFF = [{ staff: [] }];
