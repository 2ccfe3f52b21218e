import { pinyin } from 'pinyin-pro';

/**
 * The domain dictionary with sound-alike and look-alike tolerance. A typed "带压过户" or "户口薄" is read
 * as the term it sounds or looks like (带押过户, 户口簿) by comparing pinyin syllables, with the usual
 * confusions of Mandarin and Shaanxi speakers folded together (zh/z, ch/c, sh/s, n/l, -ng/-n), and for
 * longer terms by allowing one differing character. No list of misspellings is kept.
 */
const HAN = /[\u4e00-\u9fff]/;
/**
 * Characters a slip is never read into or out of: numerals and grammar words. "了三年" is not a slip of
 * 两三年, nor "没还完" of 已还完: those characters carry meaning the reader needs.
 */
const FIRM = new Set('零〇一二两三四五六七八九十百千万亿半了的是不没无未非有很都也就还吗呢吧啊么在和跟与或'.split(''));

function initialOf(s: string): string {
  return /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?/.exec(s)![0];
}
/** one spelling for sounds people confuse */
export function foldSyllable(s: string): string {
  let ini = initialOf(s);
  let fin = s.slice(ini.length);
  ini = ini.replace(/^([zcs])h$/, '$1').replace(/^n$/, 'l');
  fin = fin.replace(/ng$/, 'n');
  return `${ini}|${fin}`;
}

export function syllables(text: string): string[] {
  return pinyin(text, { type: 'array', toneType: 'none', v: true }).map((s) => foldSyllable(s.toLowerCase()));
}

export interface Fix {
  start: number;
  end: number;
  from: string;
  to: string;
}

interface Entry {
  t: string;
  syl: string[];
}

export class Lexicon {
  readonly terms = new Set<string>();
  private exact = new Map<string, string | null>();
  /** terms by length and first or last syllable: with one syllable off, one end still matches */
  private bySound = new Map<string, Entry[]>();
  private maxLen = 2;
  /** typed pinyin (maifang, hukou) → the term, or the first or last two syllables of a term */
  private spelled = new Map<string, string | null>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const t = w.trim().toLowerCase();
      if (t.length < 2 || t.length > 10 || ![...t].every((c) => HAN.test(c))) continue;
      this.terms.add(t);
    }
    for (const t of this.terms) {
      this.maxLen = Math.max(this.maxLen, t.length);
      const plain = pinyin(t, { type: 'array', toneType: 'none', v: true }).map((x) => x.toLowerCase());
      const syl = plain.map(foldSyllable);
      this.put(this.exact, syl.join(' '), t);
      this.put(this.spelled, plain.join(''), t);
      if (plain.length > 2) {
        this.put(this.spelled, plain.slice(0, 2).join(''), t.slice(0, 2));
        this.put(this.spelled, plain.slice(-2).join(''), t.slice(-2));
      }
      if (t.length >= 3) {
        const e = { t, syl };
        for (const key of [`${t.length}<${syl[0]}`, `${t.length}>${syl[t.length - 1]}`]) {
          const list = this.bySound.get(key);
          if (list) list.push(e);
          else this.bySound.set(key, [e]);
        }
      }
    }
  }

  /** an ambiguous key (two terms) is dropped: a guess between two words is no correction */
  private put(map: Map<string, string | null>, key: string, t: string): void {
    const prev = map.get(key);
    if (prev === undefined) map.set(key, t);
    else if (prev !== t) map.set(key, null);
  }

  /** Runs of typed pinyin (tuixiu, ershoufang) written back in characters; other Latin words stay. */
  unspell(text: string): string {
    return text.replace(/[a-z]{4,}|[a-z]+(?:\s[a-z]+)+/g, (run) => this.spelled.get(run.replace(/\s/g, '')) ?? run);
  }

  /**
   * Rewrites sound-alike and look-alike spans to the dictionary term, longest first.
   * `words` are the tokens of the raw text: a two-character span the tokenizer already sees as one real
   * word (工资 vs 公司) is left alone, since two characters sound alike too often.
   */
  correct(text: string, words: Set<string>): { text: string; fixes: Fix[] } {
    if (!HAN.test(text)) return { text, fixes: [] };
    const syl = syllables(text);
    const fixes: Fix[] = [];
    const taken = new Uint8Array(text.length);
    for (let len = Math.min(this.maxLen, text.length); len >= 2; len--) {
      for (let i = 0; i + len <= text.length; i++) {
        if (taken.subarray(i, i + len).some((x) => x)) continue;
        const span = text.slice(i, i + len);
        if (this.terms.has(span)) {
          taken.fill(1, i, i + len);
          continue;
        }
        if (!HAN.test(span[0]!) || !HAN.test(span[len - 1]!)) continue;
        let hit: string | null | undefined = this.exact.get(syl.slice(i, i + len).join(' '));
        if (hit && len === 2 && words.has(span)) hit = undefined;
        if (hit && [...span].some((c, j) => c !== hit![j] && (FIRM.has(c) || FIRM.has(hit![j]!)))) hit = undefined;
        if (!hit && len >= 3) {
          hit = this.near(span, syl, i, len);
          if (hit && [...span].some((c, j) => c !== hit![j] && (FIRM.has(c) || FIRM.has(hit![j]!)))) hit = undefined;
        }
        if (!hit || hit.length !== len) continue;
        fixes.push({ start: i, end: i + len, from: span, to: hit });
        taken.fill(1, i, i + len);
      }
    }
    if (fixes.length === 0) return { text, fixes };
    let out = text;
    for (const f of [...fixes].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + f.to + out.slice(f.end);
    return { text: out, fixes };
  }

  /**
   * The one term this span is a slip of: all syllables alike but one, and that one shares its initial or
   * its final (簿/薄, 正/证); or, from four characters on, all characters the same but one (look-alikes).
   */
  private near(span: string, syl: string[], at: number, len: number): string | undefined {
    let found: string | undefined;
    const seen = new Set<Entry>();
    for (const key of [`${len}<${syl[at]}`, `${len}>${syl[at + len - 1]}`]) {
      for (const e of this.bySound.get(key) ?? []) {
        if (seen.has(e)) continue;
        seen.add(e);
        if (!this.slip(e, span, syl, at, len)) continue;
        if (found && found !== e.t) return undefined;
        found = e.t;
      }
    }
    return found;
  }

  private slip(e: Entry, span: string, syl: string[], at: number, len: number): boolean {
    let soundOff = 0;
    let alike = true;
    let charOff = 0;
    for (let j = 0; j < len; j++) {
      if (e.t[j] !== span[j]) charOff++;
      const a = e.syl[j]!;
      const b = syl[at + j]!;
      if (a === b) continue;
      soundOff++;
      const [ai, af] = a.split('|');
      const [bi, bf] = b.split('|');
      if (ai !== bi && af !== bf) alike = false;
    }
    return (soundOff <= 1 && alike) || (len >= 4 && charOff <= 1);
  }
}
