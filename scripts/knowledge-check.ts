/**
 * npm run knowledge:check — validates every knowledge and dialog file, cross-checks references, and
 * looks for questions, items, materials and charges that no situation can reach.
 * Exit code 1 with every problem listed (file › path: message) when anything is wrong.
 */
import { loadKnowledge, KnowledgeError, formatProblems, locate, PROJECT_ROOT, type Problem } from '../src/knowledge/load.js';
import { unreachable } from '../src/engine/index.js';

const started = performance.now();
let problems: Problem[] = [];
try {
  const k = loadKnowledge();
  for (const cb of k.compiled.values()) {
    const u = unreachable(k, cb);
    const dfile = k.origin.get(`dialog:${cb.bundle.id}`) ?? '';
    const bfile = k.origin.get(`bundle:${cb.bundle.id}`) ?? '';
    u.questions.forEach((q) => {
      problems.push({ file: dfile, path: `「${q}」`, message: '这个问题在任何情形下都不会被问到（检查 askIf）' });
    });
    u.items.forEach((i) => {
      problems.push({ file: bfile, path: `items「${i}」`, message: '这个事项在任何情形下都不适用（检查 when）' });
    });
    u.needs.forEach((n) => {
      problems.push({
        file: k.origin.get(`事项:${n.item}`) ?? '',
        path: `「${n.item}」.materials「${n.material}${n.holder ? `@${n.holder}` : ''}」`,
        message: `条件「${n.when}」在任何情形下都不成立，这份材料永远不会出现在清单上`,
      });
    });
    u.charges.forEach((c) => {
      problems.push({
        file: k.origin.get(`收费规则:${c.charge}`) ?? '',
        path: `「${c.charge}」（事项 ${c.item}）`,
        message: '这条收费规则在任何情形下都用不上，或算不出金额（检查 when 和 amount）',
      });
    });
  }
  if (problems.length === 0) {
    const counts = `${k.bundles.size} 件事，${k.items.size} 个事项，${k.materials.size} 种材料，${k.fields.size} 个表单字段，${k.charges.size} 条收费规则，${[...k.dialogs.values()].reduce((s, d) => s + d.questions.length, 0)} 个情形问题`;
    console.log(`知识库检查通过：${counts}（${Math.round(performance.now() - started)} ms）`);
  }
} catch (e) {
  if (!(e instanceof KnowledgeError)) throw e;
  problems = e.problems;
}
if (problems.length > 0) {
  const only = process.argv[2];
  const shown = only ? problems.filter((p) => p.file.includes(only)) : problems;
  console.error(`知识库有 ${problems.length} 处问题${only ? `（其中 ${shown.length} 处在含「${only}」的文件里）` : ''}：`);
  locate(PROJECT_ROOT, shown);
  for (const line of formatProblems(shown)) console.error(line);
  process.exit(1);
}
