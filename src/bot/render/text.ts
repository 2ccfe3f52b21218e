/** Formatting helpers for short lines that read well on a phone (money: yuanText in src/engine/format.ts). */

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

export function numbered(i: number): string {
  return CIRCLED[i] ?? `${i + 1}.`;
}

/**
 * Packs lines into messages of at most `max` characters without breaking a line, so a long list goes
 * out as several messages instead of one wall of text (and fits WeChat's 2048-byte replies).
 */
export function pack(lines: string[], max = 600): string[] {
  // an indented line explains the line above it (a material's note, a fee's basis): they travel together
  const blocks: string[] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && line.trim() && blocks.length > 0) blocks[blocks.length - 1] += `\n${line}`;
    else blocks.push(line);
  }
  const out: string[] = [];
  let cur = '';
  for (const block of blocks) {
    if (cur && cur.length + block.length + 1 > max) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur}\n${block}` : block;
  }
  if (cur) out.push(cur);
  return out;
}
