/**
 * npm run report — the "减材料、减跑动" table for all ten bundles: items merged, departments, materials,
 * form fields, visits and promised days before and after the merge.
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { BUNDLE_IDS } from '../src/knowledge/schema/index.js';
import { reductionReport } from '../src/engine/index.js';

const k = loadKnowledge();
const rows = BUNDLE_IDS.filter((id) => k.compiled.has(id)).map((id) => reductionReport(k, id));
const header = ['一件事', '事项', '部门', '材料(前→后)', '共享免交', '表单字段(前→后)', '跑动(前→后)', '承诺工作日(串联→并联)', '待核实规则'];
const table = rows.map((r) => [
  r.name,
  String(r.items),
  String(r.departments),
  `${r.materialsBefore}→${r.materialsAfter}`,
  String(r.sharedMaterials),
  `${r.fieldsBefore}→${r.fieldsAfter}`,
  `${r.visitsBefore}→${r.visitsAfter}`,
  `${r.daysSerial}→${r.daysParallel}`,
  String(r.verify),
]);
// CJK characters take two columns in a terminal
const width = (s: string) => [...s].reduce((w, c) => w + (/[\u2E80-\uFFEF]/.test(c) ? 2 : 1), 0);
const cols = header.map((h, i) => Math.max(width(h), ...table.map((r) => width(r[i]!))));
const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ');
console.log(line(header));
console.log(cols.map((w) => '-'.repeat(w)).join('  '));
table.forEach((r) => {
  console.log(line(r));
});
const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
console.log(
  `\n合计：${sum((r) => r.items)} 个事项合并为 ${rows.length} 件事；材料 ${sum((r) => r.materialsBefore)} → ${sum((r) => r.materialsAfter)} 份；` +
    `表单字段 ${sum((r) => r.fieldsBefore)} → ${sum((r) => r.fieldsAfter)} 个；跑动 ${sum((r) => r.visitsBefore)} → ${sum((r) => r.visitsAfter)} 次。`,
);
console.log('说明：“前”为各事项单独办理时的合计（覆盖所有情形的最大值），“后”为合并、去重并扣除共享免交之后。');
console.log(`待核实规则：知识库中标了 verify（要与区里核实）的规则条数，每条只算一次；共 ${sum((r) => r.verify)} 条（跨件共用的规则在各件里都算）。`);

// `npm run report -- --html [file]`: the managers' results page as one file (the daily counts of the
// server's DATA_DIR when it has run there, the 减材料/减跑动 table always)
const htmlAt = process.argv.indexOf('--html');
if (htmlAt >= 0) {
  const { writeFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const { DailyCounters } = await import('../src/server/metrics/daily.js');
  const { computeResults } = await import('../src/server/metrics/results.js');
  const { renderResultsHtml } = await import('../src/server/metrics/results-html.js');
  const { isoToday } = await import('../src/engine/index.js');
  const file = resolve(process.argv[htmlAt + 1] && !process.argv[htmlAt + 1]!.startsWith('-') ? process.argv[htmlAt + 1]! : 'report.html');
  const daily = new DailyCounters(join(resolve(process.env.DATA_DIR ?? 'data'), 'metrics', 'daily.json'), () => isoToday());
  const html = renderResultsHtml(computeResults(daily.series(30), rows), { generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') });
  daily.close();
  writeFileSync(file, html);
  console.log(`\n已写出运行成效页：${file}`);
}
