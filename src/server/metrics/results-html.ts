import type { Results } from './results.js';

export const RESULTS_CSS = `body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;list-style:none;padding:0}
.tiles li{border:1px solid #767676;border-radius:.4rem;padding:.6rem}.tiles b{display:block;font-size:1.4rem}
figure{margin:1rem 0}figcaption{font-weight:bold;margin-bottom:.3rem}svg text{fill:#1a1a1a}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.35rem .5rem;text-align:left}
`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Vertical bars, one per day; drawn as SVG in the page so the page needs no script and prints as it shows. */
function dayBars(title: string, rows: { label: string; value: number }[], colour: string): string {
  const w = 720;
  const h = 180;
  const pad = 28;
  const top = Math.max(0, ...rows.map((r) => r.value));
  const max = Math.max(1, top);
  const bw = (w - pad * 2) / Math.max(1, rows.length);
  const bars = rows
    .map((r, i) => {
      const bh = ((h - pad * 2) * r.value) / max;
      const x = pad + i * bw;
      const y = h - pad - bh;
      const tick =
        i % Math.ceil(rows.length / 10) === 0 ? `<text x="${x + bw / 2}" y="${h - 8}" font-size="11" text-anchor="middle">${esc(r.label.slice(5))}</text>` : '';
      return `<rect x="${x + 1}" y="${y}" width="${Math.max(1, bw - 2)}" height="${bh}" fill="${colour}"><title>${esc(r.label)}：${r.value}</title></rect>${tick}`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}（最多 ${top}）</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="100%"><line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#444"/>${bars}</svg></figure>`;
}

/** Horizontal bars with their figure written beside them (readable without colour). */
function hBars(title: string, rows: { label: string; value: number; text: string }[], colour: string): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const lineH = 26;
  const w = 720;
  const labelW = 150;
  const h = rows.length * lineH + 8;
  const body = rows
    .map((r, i) => {
      const y = 4 + i * lineH;
      const bw = ((w - labelW - 140) * r.value) / max;
      return `<text x="${labelW - 8}" y="${y + 17}" font-size="13" text-anchor="end">${esc(r.label)}</text><rect x="${labelW}" y="${y + 4}" width="${Math.max(0, bw)}" height="${lineH - 8}" fill="${colour}"/><text x="${labelW + bw + 6}" y="${y + 17}" font-size="13">${esc(r.text)}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="100%">${body}</svg></figure>`;
}

/**
 * The managers' results page: a whole HTML document without script. Styles inline for a file written by
 * `npm run report -- --html`; a stylesheet link where the page's Content-Security-Policy forbids inline ones.
 */
export function renderResultsHtml(r: Results, o: { title?: string; generatedAt?: string; stylesheet?: string } = {}): string {
  const ratingTotal = r.ratings.reduce((s, x) => s + x.count, 0);
  const tiles: [string, string][] = [
    ['会话数', String(r.totals.conversations)],
    ['得到材料清单的比例', pct(r.checklistShare)],
    ['在线解答率（未转人工）', pct(r.answeredOnline)],
    ['转人工率', pct(r.handoverRate)],
    ['转人工已接起', String(r.totals.handoversAnswered)],
    ['转人工超时未接', String(r.totals.handoversMissed)],
    ['提交申请', String(r.totals.submitted)],
    ['评价数', String(ratingTotal)],
  ];
  const reductionRows = r.reductions
    .map(
      (x) =>
        `<tr><th scope="row">${esc(x.name)}</th><td>${x.items}</td><td>${x.materialsBefore} → ${x.materialsAfter}</td><td>${x.fieldsBefore} → ${x.fieldsAfter}</td><td>${x.visitsBefore} → ${x.visitsAfter}</td><td>${x.daysSerial} → ${x.daysParallel}</td><td>${x.verify}</td></tr>`,
    )
    .join('');
  const title = o.title ?? '一件事一次办 · 运行成效';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${o.stylesheet ? `<link rel="stylesheet" href="${esc(o.stylesheet)}">` : `<style>\n${RESULTS_CSS}</style>`}</head><body>
<h1>${esc(title)}</h1>
<p>统计期：${esc(r.from)} 至 ${esc(r.to)}${o.generatedAt ? `（生成于 ${esc(o.generatedAt)}）` : ''}。</p>
<ul class="tiles">${tiles.map(([k, v]) => `<li>${esc(k)}<b>${esc(v)}</b></li>`).join('')}</ul>
<h2>每日情况</h2>
${dayBars(
  '每日会话数',
  r.days.map((d) => ({ label: d.day, value: d.conversations })),
  '#1f5fa8',
)}
${dayBars(
  '每日得到材料清单的会话',
  r.days.map((d) => ({ label: d.day, value: d.checklists })),
  '#2a7a3b',
)}
${dayBars(
  '每日转人工',
  r.days.map((d) => ({ label: d.day, value: d.handovers })),
  '#a8321f',
)}
<h2>好差评</h2>
${hBars(
  '评价分布',
  r.ratings.map((x) => ({ label: x.label, value: x.count, text: `${x.count}（${ratingTotal ? ((x.count / ratingTotal) * 100).toFixed(0) : 0}%）` })),
  '#6b4fa8',
)}
<h2>减材料、减跑动（各一件事，覆盖全部情形）</h2>
<table><thead><tr><th scope="col">一件事</th><th scope="col">事项</th><th scope="col">材料（前→后）</th><th scope="col">表单字段（前→后）</th><th scope="col">跑动（前→后）</th><th scope="col">承诺工作日（串联→并联）</th><th scope="col">待核实规则</th></tr></thead><tbody>${reductionRows}</tbody></table>
<p>待核实规则：这件事用到的规则（材料、收费、时限、问答等）中，知识库标为 verify、还要与区里核实的条数；几件事共用的规则在每件里都算。</p>
</body></html>
`;
}
