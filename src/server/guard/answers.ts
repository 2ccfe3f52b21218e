import type { Question } from '../../knowledge/schema/dialog.js';

/**
 * Checks answers posted to the checklist API against the bundle's own questions: every key must be a
 * question of the bundle and every value of its type (an option id for a choice, true/false for
 * yes/no, a number within the question's bounds, an ISO date). Returns one Chinese line per bad key.
 */
export function badAnswers(questions: readonly Question[], answers: Record<string, unknown>): string[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const bad: string[] = [];
  for (const [key, value] of Object.entries(answers)) {
    const q = byId.get(key);
    if (!q) {
      bad.push(`「${key}」不是这件事的问题`);
      continue;
    }
    const why = wrongValue(q, value);
    if (why) bad.push(`「${key}」${why}`);
  }
  return bad;
}

function wrongValue(q: Question, v: unknown): string | null {
  const ids = (q.options ?? []).map((o) => o.id);
  switch (q.type) {
    case 'single':
      return typeof v === 'string' && ids.includes(v) ? null : `应为其中一个选项：${ids.join('、')}`;
    case 'multi':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && ids.includes(x)) ? null : `应为选项的列表，可选：${ids.join('、')}`;
    case 'yesno':
      return typeof v === 'boolean' ? null : '应为 true 或 false';
    case 'number':
    case 'money':
    case 'area': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return '应为数字';
      if (q.min !== undefined && v < q.min) return `不能小于 ${q.min}`;
      if (q.max !== undefined && v > q.max) return `不能大于 ${q.max}`;
      return null;
    }
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : '应为日期，格式 YYYY-MM-DD';
    case 'text':
      return typeof v === 'string' && v.length <= 500 ? null : '应为不超过 500 字的文字';
  }
}
