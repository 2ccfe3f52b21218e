import type { z } from 'zod';

/** what a value of each expected kind looks like in YAML, for people who edit the files */
const KIND: Record<string, string> = {
  string: '文字',
  number: '数字',
  boolean: 'true 或 false',
  array: '列表（- 开头的若干行，或 [a, b]）',
  object: '键值（key: value 的若干行，或 { key: value }）',
};

function shownValue(v: unknown): string {
  if (v === null) return '空值';
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'object') return '键值';
  if (typeof v === 'string') return `文字「${v.length > 30 ? `${v.slice(0, 30)}…` : v}」`;
  if (typeof v === 'number') return `数字 ${v}`;
  if (typeof v === 'boolean') return String(v);
  return String(v);
}

/**
 * A schema problem in plain words, saying what is missing or what was written and what is expected
 * instead of zod's 「无效输入：期望 string，实际接收 undefined」. Messages the schemas write themselves
 * (custom checks, regex rules) are already plain and kept.
 */
export function plainIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return typeof last === 'string' ? `缺少「${last}」，这一项必须写` : '缺少这一项';
      return `这里应写${KIND[issue.expected] ?? issue.expected}，现在写的是${shownValue(input)}`;
    case 'invalid_value':
      return `只能写 ${issue.values.map(String).join('、')} 之一，现在写的是${shownValue(input)}`;
    case 'unrecognized_keys':
      return `不认识「${issue.keys.join('」「')}」：拼错了，或者放错了位置`;
    case 'too_small':
      if (issue.origin === 'array') return `至少要写 ${String(issue.minimum)} 项`;
      // a schema's own words (「请写明出处…」) say it best; zod's default ones name 期望
      if (issue.origin === 'string')
        return !issue.message.includes('期望') ? issue.message : Number(issue.minimum) <= 1 ? '不能为空' : `至少写 ${String(issue.minimum)} 个字`;
      return `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `最多写 ${String(issue.maximum)} 项`;
      return `不能大于 ${String(issue.maximum)}`;
    case 'invalid_union':
      return `写法不对：${shownValue(input)} 不是这里允许的任何一种写法（见 docs/knowledge-format.md）`;
    default:
      return issue.message;
  }
}

/** The value at a zod path inside parsed YAML data. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
