import { z } from 'zod';
import { Basis, Id } from './common.js';

/**
 * A document the citizen signs (委托书, 全体继承人承诺书…), filled in from the merged form. `{field_id}`
 * in a paragraph is the value of that form field, or a blank to write by hand when it is not known.
 * It is offered when its `material` is on the case's checklist to bring (and, with `holder`, brought by
 * that holder: 卖方's and 买方's 单身承诺书 are two documents). A `{question_id}` of the bundle reads back
 * the case's answer to it (「自己家的住宅（在家办公）」), a blank while unanswered.
 */
export const DocumentTemplate = z
  .object({
    id: Id,
    /** the catalogue material this document is (knowledge/materials) */
    material: Id,
    /** the need's holder (卖方, 买方) when the material is brought by several people, each signing their own */
    holder: z.string().min(1).optional(),
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

/**
 * `{field_id}` is a form field's value (or a question's answer); `{?label}` is always a blank to write by
 * hand, for what no form holds (the heir who signs a 放弃继承声明 is not the applicant).
 */
export const PLACEHOLDER_RE = /\{([a-z][a-z0-9_]*|\?[^{}]+)\}/g;

/** the `{field_id}` placeholders of a paragraph (the `{?label}` blanks name no field) */
export const placeholders = (text: string): string[] => [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((p) => !p.startsWith('?'));
