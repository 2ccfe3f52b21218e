import { pinyin } from 'pinyin-pro';

/** words that count years back or forward from today */
const TIME_WORDS = /大前年|前年|去年|今年|明年|后年|大后年/g;

/**
 * The domain dictionary with sound-alike and look-alike tolerance. A typed "带压过户" or "户口薄" is read
 * as the term it sounds or looks like (带押过户, 户口簿) by comparing pinyin syllables, with the usual
 * confusions of Mandarin and Shaanxi speakers folded together (zh/z, ch/c, sh/s, n/l, -ng/-n), and for
 * longer terms by allowing one differing character. No list of misspellings is kept.
 */
const HAN = /[\u4e00-\u9fff]/;
const isHan = (code: number): boolean => code >= 0x4e00 && code <= 0x9fff;
/**
 * Characters a slip is never read into or out of: numerals, grammar words (个, 给, 要: 生了个儿子 is no 给儿子, 水电要过户 no 水电气过户), and 买/卖 (the same syllable, opposite parties). "了三年" is not a slip of
 * 两三年, nor "没还完" of 已还完: those characters carry meaning the reader needs.
 */
const FIRM = new Set('零〇一二两三四五六七八九十百千万亿半几了的是不没无未非有很都也就还吗呢吧啊么在和跟与或买卖个给要'.split(''));

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

/** toneless pinyin per character, lower case (ü as v) */
function plainOf(text: string): string[] {
  return pinyin(text, { type: 'array', toneType: 'none', v: true }).map((x) => x.toLowerCase());
}

/** The folded syllables of a text (ini|fin), one per UTF-16 unit: a character outside the BMP gets "|" for its second. */
function foldedOf(text: string, plain = plainOf(text)): string[] {
  const chars = plain.length === text.length ? null : Array.from(text);
  const syl: string[] = [];
  plain.forEach((p, j) => {
    syl.push(foldSyllable(p));
    if (chars?.[j]?.length === 2) syl.push('|');
  });
  const n = syl.length;
  syl.length = text.length;
  if (n < text.length) syl.fill('|', n);
  return syl;
}

/**
 * A reading as numbers: per character the id of its folded syllable, of its initial and of its final.
 * Ids come from the terms' sounds; a sound no term has is -1, which equals nothing a term has.
 */
interface Reading {
  syl: Int32Array;
  ini: Int32Array;
  fin: Int32Array;
}

class SoundIds {
  private maps = { syl: new Map<string, number>(), ini: new Map<string, number>(), fin: new Map<string, number>() };
  /** syllable ids stay under 2048 (see pairKey) */
  read(folded: string[], grow: boolean): Reading {
    const r: Reading = { syl: new Int32Array(folded.length), ini: new Int32Array(folded.length), fin: new Int32Array(folded.length) };
    folded.forEach((x, j) => {
      const bar = x.indexOf('|');
      r.syl[j] = this.id('syl', x, grow);
      r.ini[j] = this.id('ini', x.slice(0, bar), grow);
      r.fin[j] = this.id('fin', x.slice(bar + 1), grow);
    });
    return r;
  }
  private id(kind: keyof SoundIds['maps'], x: string, grow: boolean): number {
    const m = this.maps[kind];
    let id = m.get(x);
    if (id === undefined && grow && m.size < 2047) m.set(x, (id = m.size));
    return id ?? -1;
  }
}

export interface Fix {
  start: number;
  end: number;
  from: string;
  to: string;
}

interface Entry extends Reading {
  t: string;
  /** the last lookup that scored this entry: one window reaches an entry by up to three keys */
  seen: number;
}

/**
 * Keys of a run of syllables such that a run with one syllable off shares at least one of them: its
 * first two, its last two, or its first and last. Written into `out` (no allocation per window).
 */
function ends(ids: Int32Array, at: number, len: number, out: number[]): number[] {
  const a = ids[at]!;
  const b = ids[at + 1]!;
  const y = ids[at + len - 2]!;
  const z = ids[at + len - 1]!;
  const base = len * 3;
  out[0] = pairKey(base, a, b);
  out[1] = pairKey(base + 1, y, z);
  out[2] = pairKey(base + 2, a, z);
  return out;
}
/** syllable ids stay under 2048; an unknown syllable (-1) makes a key no term has */
function pairKey(kind: number, a: number, b: number): number {
  return a < 0 || b < 0 ? -1 : (kind * 2048 + a) * 2048 + b;
}
/** a window's length with its first and last character: a cheap test before looking the window up as a term */
function edgeKey(text: string, at: number, len: number): number {
  return (len * 65536 + text.charCodeAt(at)) * 65536 + text.charCodeAt(at + len - 1);
}

/** distinct tokens whose reading is kept; past this the cache starts afresh (bounded memory under any input) */
const READING_CACHE = 20_000;

export class Lexicon {
  readonly terms = new Set<string>();
  /** edgeKey of every term */
  private termEdges = new Set<number>();
  /** two-character terms by the ids of their two folded syllables */
  private exact2 = new Map<number, string | null>();
  /** terms by length and first or last syllable: with one syllable off, one end still matches */
  private bySound = new Map<number, Entry[]>();
  private sounds = new SoundIds();
  private maxLen = 2;
  /** typed pinyin (maifang, hukou) → the term, or the first or last two syllables of a term */
  private spelled = new Map<string, string | null>();
  /**
   * Readings of the tokens met so far. pinyin-pro is the dearest step of a parse; a token is read on
   * its own, as the terms are, so the same word always reads the same and is looked up once.
   */
  private readings = new Map<string, Reading>();
  private lookups = 0;
  private keys: number[] = [0, 0, 0];

  constructor(words: Iterable<string>) {
    for (const w of words) {
      const t = w.trim().toLowerCase();
      if (t.length < 2 || t.length > 10 || ![...t].every((c) => HAN.test(c))) continue;
      this.terms.add(t);
    }
    for (const t of this.terms) {
      this.maxLen = Math.max(this.maxLen, t.length);
      this.termEdges.add(edgeKey(t, 0, t.length));
      const plain = plainOf(t);
      const r = this.sounds.read(foldedOf(t, plain), true);
      if (t.length === 2) this.put(this.exact2, pairKey(0, r.syl[0]!, r.syl[1]!), t);
      this.put(this.spelled, plain.join(''), t);
      if (plain.length > 2) {
        this.put(this.spelled, plain.slice(0, 2).join(''), t.slice(0, 2));
        this.put(this.spelled, plain.slice(-2).join(''), t.slice(-2));
      }
      if (t.length >= 3) {
        const e: Entry = { t, ...r, seen: 0 };
        for (const key of ends(r.syl, 0, t.length, [0, 0, 0])) {
          const list = this.bySound.get(key);
          if (list) list.push(e);
          else this.bySound.set(key, [e]);
        }
      }
    }
  }

  /** an ambiguous key (two terms) is dropped: a guess between two words is no correction */
  private put<K>(map: Map<K, string | null>, key: K, t: string): void {
    const prev = map.get(key);
    if (prev === undefined) map.set(key, t);
    else if (prev !== t) map.set(key, null);
  }

  /** Runs of typed pinyin (tuixiu, ershoufang) written back in characters; other Latin words stay. */
  unspell(text: string): string {
    return text.replace(/[a-z]{4,}|[a-z]+(?:\s[a-z]+)+/g, (run) => this.spelled.get(run.replace(/\s/g, '')) ?? run);
  }

  private tokenReading(token: string): Reading {
    let r = this.readings.get(token);
    if (r) return r;
    if (this.readings.size >= READING_CACHE) this.readings.clear();
    r = this.sounds.read(foldedOf(token), false);
    this.readings.set(token, r);
    return r;
  }

  /** The text's reading put together from its tokens' (they cover it exactly), or read whole when they do not. */
  private textReading(text: string, tokens: string[], aligned: boolean): Reading {
    if (!aligned) return this.sounds.read(foldedOf(text), false);
    const n = text.length;
    const out: Reading = { syl: new Int32Array(n), ini: new Int32Array(n), fin: new Int32Array(n) };
    let at = 0;
    for (const t of tokens) {
      const r = this.tokenReading(t);
      out.syl.set(r.syl, at);
      out.ini.set(r.ini, at);
      out.fin.set(r.fin, at);
      at += t.length;
    }
    return out;
  }

  /**
   * Rewrites sound-alike and look-alike spans to the dictionary term, longest first.
   * `tokens` are the tokenizer's words of the raw text: a span that cuts through one of them (本人必|须)
   * is no slip, and a two-character span the tokenizer already sees as one real word (工资 vs 公司) is
   * left alone, since two characters sound alike too often.
   */
  correct(text: string, tokens: string[]): { text: string; fixes: Fix[] } {
    const n = text.length;
    // terms are all Chinese: only windows inside a run of Chinese characters can be one
    const runEnd = new Int32Array(n);
    let han = false;
    for (let i = n - 1; i >= 0; i--) {
      const inRun = isHan(text.charCodeAt(i));
      runEnd[i] = inRun ? (i + 1 < n ? Math.max(runEnd[i + 1]!, i + 1) : i + 1) : i;
      han ||= inRun;
    }
    if (!han) return { text, fixes: [] };
    const edge = new Uint8Array(n + 1);
    // characters of a token that is itself a term (交房 in 我要交房): a correct word is not a slip of another
    const firm = new Uint8Array(n);
    let at = 0;
    edge[0] = 1;
    for (const t of tokens) {
      if (t.length >= 2 && this.terms.has(t)) firm.fill(1, Math.min(n, at), Math.min(n, at + t.length));
      edge[Math.min(n, (at += t.length))] = 1;
    }
    const aligned = at === n;
    if (!aligned) {
      edge.fill(1);
      firm.fill(0);
    }
    // a year counted back (大前年, 前年, 去年) is a word of its own: 前年 is no slip of 去年, and the date math differs
    for (const m of text.matchAll(TIME_WORDS)) firm.fill(1, m.index, m.index + m[0].length);
    const reading = this.textReading(text, tokens, aligned);
    let words: Set<string> | undefined;
    const fixes: Fix[] = [];
    const taken = new Uint8Array(n);
    for (let len = Math.min(this.maxLen, n); len >= 2; len--) {
      for (let i = 0; i + len <= n; i++) {
        if (runEnd[i]! < i + len) continue;
        if (!edge[i] || !edge[i + len]) continue;
        let free = true;
        for (let j = i; j < i + len && free; j++) if (taken[j]) free = false;
        if (!free) continue;
        if (this.termEdges.has(edgeKey(text, i, len)) && this.terms.has(text.slice(i, i + len))) {
          taken.fill(1, i, i + len);
          continue;
        }
        let hit: string | null | undefined;
        if (len === 2) {
          hit = this.exact2.get(pairKey(0, reading.syl[i]!, reading.syl[i + 1]!));
          if (hit && (words ??= new Set(tokens)).has(text.slice(i, i + 2))) hit = undefined;
        } else hit = this.near(text, reading, i, len);
        if (!hit || hit.length !== len) continue;
        const span = text.slice(i, i + len);
        if ([...span].some((c, j) => c !== hit![j] && (FIRM.has(c) || FIRM.has(hit![j]!) || firm[i + j]))) continue;
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
   * The one term the window at..at+len is a slip of: all syllables alike but one, and that one shares
   * its initial or its final (簿/薄, 正/证); or, from four characters on, all characters the same but one
   * (look-alikes).
   */
  private near(text: string, reading: Reading, at: number, len: number): string | undefined {
    // the closest kind of slip wins (same sound, then one sound off, then one character off); two terms
    // equally close are no correction
    let best = 3;
    let found: string | undefined;
    let tie = false;
    const stamp = ++this.lookups;
    for (const key of ends(reading.syl, at, len, this.keys)) {
      if (key < 0) continue;
      const list = this.bySound.get(key);
      if (!list) continue;
      for (const e of list) {
        if (e.seen === stamp) continue;
        e.seen = stamp;
        const rank = slip(e, text, reading, at, len);
        if (rank < best) {
          best = rank;
          found = e.t;
          tie = false;
        } else if (rank === best && found !== e.t) tie = true;
      }
    }
    return tie ? undefined : found;
  }
}

/** 0: sounds the same; 1: one syllable off but alike; 2: one character off (from four on); 3: no slip */
function slip(e: Entry, text: string, r: Reading, at: number, len: number): number {
  let soundOff = 0;
  let alike = true;
  let charOff = 0;
  for (let j = 0; j < len; j++) {
    if (e.t.charCodeAt(j) !== text.charCodeAt(at + j)) charOff++;
    if (e.syl[j] === r.syl[at + j]) continue;
    soundOff++;
    if (e.ini[j] !== r.ini[at + j] && e.fin[j] !== r.fin[at + j]) alike = false;
  }
  if (soundOff === 0) return 0;
  if (soundOff === 1 && alike) return 1;
  // four characters with one unlike one are often another phrase (开个公司 / 开分公司, 买家自己 / 买给自己): from five on only
  return len >= 5 && charOff <= 1 ? 2 : 3;
}
