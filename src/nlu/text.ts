/** Full-width letters, digits and punctuation to ASCII, lower case, spaces squeezed: one spelling per character. */
export function normalize(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += ch;
  }
  return out
    .replace(/[。！？；]/g, (p) => ({ '。': '.', '！': '!', '？': '?', '；': ';' })[p]!)
    .replace(/[、]/g, ',')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Clauses split at punctuation: facts and negations rarely cross a comma. */
export function clauses(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[^,.!?;，。！？；\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], start: m.index });
  return out;
}

export const NEGATION = /(不|没|沒|未|无|非|别|甭|莫)$/;

/** Whether the words just before `start` negate what follows ("没还完", "不是唯一"). */
export function negatedAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 3), start);
  return /(不|没|沒|未|无|非|别|甭)(有|是|用|要|太)?$/.test(before) || /(还没|并没|从没|尚未)$/.test(before);
}
