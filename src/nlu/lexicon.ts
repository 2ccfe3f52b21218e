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
  parts: [string, string][];
}

/**
 * Keys of a run of syllables such that a run with one syllable off shares at least one of them: its
 * first two, its last two, or its first and last.
 */
function ends(ids: number[], at: number, len: number): [number, number, number] {
  const a = ids[at]!;
  const b = ids[at + 1]!;
  const y = ids[at + len - 2]!;
  const z = ids[at + len - 1]!;
  const base = len * 3;
  return [pairKey(base, a, b), pairKey(base + 1, y, z), pairKey(base + 2, a, z)];
}
/** syllable ids stay under 2048; an unknown syllable (-1) makes a key no term has */
function pairKey(kind: number, a: number, b: number): number {
  return a < 0 || b < 0 ? -1 : (kind * 2048 + a) * 2048 + b;
}

export class Lexicon {
  readonly terms = new Set<string>();
  private exact = new Map<string, string | null>();
  /** terms by length and first or last syllable: with one syllable off, one end still matches */
  private bySound = new Map<number, Entry[]>();
  private sylId = new Map<string, number>();
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
        const e = { t, syl, parts: syl.map((x) => x.split('|') as [string, string]) };
        for (const key of ends(this.ids(syl, true), 0, t.length)) {
          const list = this.bySound.get(key);
          if (list) list.push(e);
          else this.bySound.set(key, [e]);
        }
      }
    }
  }

  private ids(syl: string[], grow: boolean): number[] {
    return syl.map((x) => {
      let id = this.sylId.get(x);
      if (id === undefined && grow && this.sylId.size < 2047) this.sylId.set(x, (id = this.sylId.size));
      return id ?? -1;
    });
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
   * `tokens` are the tokenizer's words of the raw text: a span that cuts through one of them (本人必|须)
   * is no slip, and a two-character span the tokenizer already sees as one real word (工资 vs 公司) is
   * left alone, since two characters sound alike too often.
   */
  correct(text: string, tokens: string[]): { text: string; fixes: Fix[] } {
    if (!HAN.test(text)) return { text, fixes: [] };
    const words = new Set(tokens);
    const edge = new Uint8Array(text.length + 1);
    let at = 0;
    edge[0] = 1;
    for (const t of tokens) edge[Math.min(text.length, (at += t.length))] = 1;
    if (at !== text.length) edge.fill(1);
    const syl = syllables(text);
    const ids = this.ids(syl, false);
    const fixes: Fix[] = [];
    const taken = new Uint8Array(text.length);
    // terms are all Chinese: only windows inside a run of Chinese characters can be one
    const runEnd = new Int32Array(text.length);
    for (let i = text.length - 1; i >= 0; i--) runEnd[i] = HAN.test(text[i]!) ? (i + 1 < text.length ? Math.max(runEnd[i + 1]!, i + 1) : i + 1) : i;
    for (let len = Math.min(this.maxLen, text.length); len >= 2; len--) {
      for (let i = 0; i + len <= text.length; i++) {
        if (runEnd[i]! < i + len) continue;
        if (!edge[i] || !edge[i + len]) continue;
        let free = true;
        for (let j = i; j < i + len && free; j++) if (taken[j]) free = false;
        if (!free) continue;
        const span = text.slice(i, i + len);
        if (this.terms.has(span)) {
          taken.fill(1, i, i + len);
          continue;
        }
        let hit: string | null | undefined;
        if (len === 2) {
          hit = this.exact.get(`${syl[i]} ${syl[i + 1]}`);
          if (hit && words.has(span)) hit = undefined;
        } else hit = this.near(span, syl, ids, i, len);
        if (!hit || hit.length !== len) continue;
        if ([...span].some((c, j) => c !== hit![j] && (FIRM.has(c) || FIRM.has(hit![j]!)))) continue;
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
  private near(span: string, syl: string[], ids: number[], at: number, len: number): string | undefined {
    // the closest kind of slip wins (same sound, then one sound off, then one character off); two terms
    // equally close are no correction
    let best = 3;
    let found: string | undefined;
    let tie = false;
    const seen = new Set<Entry>();
    for (const key of ends(ids, at, len)) {
      if (key < 0) continue;
      for (const e of this.bySound.get(key) ?? []) {
        if (seen.has(e)) continue;
        seen.add(e);
        const rank = this.slip(e, span, syl, at, len);
        if (rank < best) {
          best = rank;
          found = e.t;
          tie = false;
        } else if (rank === best && found !== e.t) tie = true;
      }
    }
    return tie ? undefined : found;
  }

  /** 0: sounds the same; 1: one syllable off but alike; 2: one character off (from four on); 3: no slip */
  private slip(e: Entry, span: string, syl: string[], at: number, len: number): number {
    let soundOff = 0;
    let alike = true;
    let charOff = 0;
    for (let j = 0; j < len; j++) {
      if (e.t[j] !== span[j]) charOff++;
      const b = syl[at + j]!;
      if (e.syl[j] === b) continue;
      soundOff++;
      const [ai, af] = e.parts[j]!;
      const [bi, bf] = b.split('|');
      if (ai !== bi && af !== bf) alike = false;
    }
    if (soundOff === 0) return 0;
    if (soundOff === 1 && alike) return 1;
    return len >= 4 && charOff <= 1 ? 2 : 3;
  }
}
