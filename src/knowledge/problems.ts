/** One thing wrong in the knowledge, said so that the person editing the YAML can fix it. */
export interface Problem {
  file: string;
  path: string;
  message: string;
  /** the line in the file (1-based), when known: src/knowledge/lines.ts */
  line?: number;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`知识库有 ${problems.length} 处问题：\n${formatProblems(problems).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? ` 第 ${p.line} 行` : '';
  const path = p.path ? (where ? `（${p.path}）` : ` › ${p.path}`) : '';
  return `  ${p.file}${where}${path}：${p.message}`;
}

/** How many lines a folded problem names before 「等」. */
const LINES_SHOWN = 8;

/**
 * Every problem, the same mistake repeated in one file folded into one line naming where it occurs
 * (「缺少「source」」 twenty times reads once, with its lines), in the order first met.
 */
export function formatProblems(problems: readonly Problem[]): string[] {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = `${p.file}\u0000${p.message}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    if (g.length === 1) return formatProblem(g[0]!);
    const lines = [...new Set(g.map((p) => p.line).filter((l): l is number => l !== undefined))];
    const shown = lines.slice(0, LINES_SHOWN).join('、');
    const where =
      lines.length > 0
        ? ` 第 ${shown}${lines.length > LINES_SHOWN ? ' 等' : ''} 行`
        : ` › ${g
            .slice(0, 3)
            .map((p) => p.path)
            .join('、')}${g.length > 3 ? ' 等' : ''}`;
    return `  ${g[0]!.file}${where}（共 ${g.length} 处）：${g[0]!.message}`;
  });
}

/** zod paths as people read them: items[2].materials[0].material */
export function pathText(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}
