/** One thing wrong in the knowledge, said so that the person editing the YAML can fix it. */
export interface Problem {
  file: string;
  path: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`知识库有 ${problems.length} 处问题：\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

export function formatProblem(p: Problem): string {
  return `  ${p.file}${p.path ? ` › ${p.path}` : ''}：${p.message}`;
}

/** zod paths as people read them: items[2].materials[0].material */
export function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}
