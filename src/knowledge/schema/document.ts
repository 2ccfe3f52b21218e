import { z } from 'zod';
import { Basis, Id } from './common.js';

/**
 * A document the citizen signs (委托书, 全体继承人承诺书…), filled in from the merged form. `{field_id}`
 * in a paragraph is the value of that form field, or a blank to write by hand when it is not known.
 * It is offered when its `material` is on the case's checklist to bring.
 */
export const DocumentTemplate = z
  .object({
    id: Id,
    /** the catalogue material this document is (knowledge/materials) */
    material: Id,
    title: z.string().min(1),
    paragraphs: z.array(z.string().min(1)).min(1),
    /** the lines to sign at the foot: 委托人（签字）, 日期 */
    sign: z.array(z.string().min(1)).min(1),
    ...Basis,
  })
  .strict();
export type DocumentTemplate = z.output<typeof DocumentTemplate>;

export const DocumentsFile = z.object({ documents: z.array(DocumentTemplate).min(1) }).strict();

/** placeholders that are not form fields: the bundle's own name */
export const DOCUMENT_BUILTINS = ['bundle_name'];

/** the `{field_id}` placeholders of a paragraph */
export const placeholders = (text: string): string[] => [...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]!);
