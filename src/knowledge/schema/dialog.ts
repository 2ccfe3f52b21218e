import { z } from 'zod';
import { Basis, Condition, Id } from './common.js';

export const QuestionType = z.enum(['single', 'multi', 'yesno', 'number', 'money', 'area', 'date', 'text']);
export type QuestionType = z.output<typeof QuestionType>;

export const Option = z
  .object({
    id: Id,
    label: z.string(),
    /** words users type for this option; matched by the understanding, tolerant of typos */
    synonyms: z.array(z.string()).default([]),
    /** for choices that bucket a number the user may type ("住了六年" → ge5): [min, max) */
    range: z.tuple([z.number(), z.number().nullable()]).optional(),
  })
  .strict();
export type Option = z.output<typeof Option>;

export const Question = z
  .object({
    id: Id,
    type: QuestionType,
    text: z.string(),
    /** one line: why the answer changes what the user must bring or pay */
    why: z.string(),
    /** the short name users use to change it: 修改 婚姻状况 */
    topic: z.string(),
    options: z.array(Option).optional(),
    /** asked only while this holds over earlier answers */
    askIf: Condition.optional(),
    unit: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** for yes/no questions: extra words meaning yes or no in this context ("已还清" → no mortgage) */
    yesWords: z.array(z.string()).default([]),
    noWords: z.array(z.string()).default([]),
    /**
     * for yes/no questions asked as an either-or (本人来办，还是委托别人？): the two choices shown instead
     * of 是/否, and how the answer reads back (「委托代办：本人来办」, never 「委托代办：否」). A bare 是 or 否
     * answers nothing there.
     */
    labels: z
      .object({ yes: z.string().min(1), no: z.string().min(1) })
      .strict()
      .optional(),
    /**
     * what 「不清楚」 takes here: an option id (or yes/no) for the usual case, its lines marked 如不确定请带上; or
     * skip, left to the window. Absent: the reading that lists the most materials, which suits "do you have X"
     * but not a kind of situation (院外分娩, 病退 are not the careful guess for someone who is not sure)
     */
    unsure: z.union([z.literal('skip'), z.literal('yes'), z.literal('no'), Id]).optional(),
    ...Basis,
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.type === 'single' || q.type === 'multi';
    if (choice && (q.options?.length ?? 0) < 2) ctx.addIssue({ code: 'custom', message: '选择题至少需要两个选项', path: ['options'] });
    if (!choice && q.options) ctx.addIssue({ code: 'custom', message: `${q.type} 类型的问题不应有 options`, path: ['options'] });
    if (q.labels && q.type !== 'yesno') ctx.addIssue({ code: 'custom', message: '只有是非题（yesno）可以写 labels', path: ['labels'] });
    if (q.labels && q.labels.yes === q.labels.no) ctx.addIssue({ code: 'custom', message: '两个选项的文字不能相同', path: ['labels'] });
    if (q.unsure && q.unsure !== 'skip') {
      const ok = q.type === 'yesno' ? q.unsure === 'yes' || q.unsure === 'no' : (q.options ?? []).some((o) => o.id === q.unsure);
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          message: `unsure 写的「${q.unsure}」不是这一题的选项（可写 skip${q.type === 'yesno' ? '、yes、no' : '或选项 id'}）`,
          path: ['unsure'],
        });
    }
  });
export type Question = z.output<typeof Question>;

export const DialogFile = z
  .object({
    bundle: Id,
    /** asked in this order, each only when its askIf holds */
    questions: z.array(Question).min(1),
  })
  .strict();
