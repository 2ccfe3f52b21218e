import type { FilledDocument, Segment } from '../../engine/index.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function line(segments: Segment[]): string {
  return segments
    .map((s) => ('text' in s ? esc(s.text) : 'value' in s ? `<b>${esc(s.value)}</b>` : `<span class="blank" title="${esc(s.blank)}">${esc(s.blank)}</span>`))
    .join('');
}

/**
 * The documents of one case as one printable page: each on its own sheet when printed, with a link to
 * its Word file. Blanks show what to write there, on an underline, so a printed copy can be filled by hand.
 */
export function documentsHtml(
  title: string,
  docs: FilledDocument[],
  docxHref: (id: string) => string,
  minutesLeft: number,
  intro = '以下文书已按您的表单填好，请核对后打印签字。空着的地方请手写。',
): string {
  const sheets = docs
    .map(
      (d) => `<section class="sheet" aria-labelledby="t-${esc(d.id)}">
<h2 id="t-${esc(d.id)}">${esc(d.title)}</h2>
${d.paragraphs.map((p) => `<p>${line(p)}</p>`).join('\n')}
<div class="sign">${d.sign.map((p) => `<p>${line(p)}</p>`).join('')}</div>
<p class="screen"><a href="${esc(docxHref(d.id))}">下载 Word 版（${esc(d.title)}.docx）</a>${d.blanks > 0 ? `　有 ${d.blanks} 处空着，请打印后手写` : ''}</p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>
body{font:16px/1.8 "Songti SC","SimSun",serif;margin:0 auto;max-width:46em;padding:1em;color:#111}
h1{font-size:1.2em}.sheet{border:1px solid #ccc;padding:1.5em 2em;margin:1em 0}.sheet h2{text-align:center}
.sign{text-align:right;margin-top:2em}.blank{display:inline-block;min-width:8em;border-bottom:1px solid #000;color:#999;font-size:.75em;text-align:center}
@media print{.screen,h1,.intro{display:none}.sheet{border:0;margin:0;padding:0;page-break-after:always}.blank{color:transparent}}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="intro screen">${esc(intro)}本页 ${minutesLeft} 分钟内有效，请勿转发。<button type="button" onclick="print()">打印</button></p>
${sheets}
</body></html>`;
}
