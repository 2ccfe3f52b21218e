import { beforeAll, describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load.js';
import { createNlu, type Nlu } from '../../src/nlu/index.js';
import { readExamples } from '../../src/nlu/data.js';
import { Lexicon } from '../../src/nlu/lexicon.js';
import nodejieba from 'nodejieba';

/**
 * Typos made by a rule, not picked by hand: in each bundle alias of three or more characters, one
 * character is swapped for another character that is read the same (same toneless pinyin), taken from a
 * pool of everyday characters. The understanding must still find the bundle.
 */
let k: Knowledge;
let nlu: Nlu;
const sound = (c: string) => pinyin(c, { toneType: 'none' });

function homophoneTypos(): { typo: string; alias: string; bundle: string }[] {
  const pool = new Map<string, string[]>();
  const text = `${readExamples(k.root, 'train')
    .map((e) => e.text)
    .join(
      '',
    )}的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长`;
  for (const c of new Set(text.match(/[\u4e00-\u9fff]/g))) {
    const p = sound(c);
    pool.set(p, [...(pool.get(p) ?? []), c]);
  }
  const out: { typo: string; alias: string; bundle: string }[] = [];
  for (const b of k.bundles.values()) {
    for (const alias of b.aliases.filter((a) => a.length >= 3)) {
      const j = Math.floor(alias.length / 2);
      const swap = (pool.get(sound(alias[j]!)) ?? []).find((c) => c !== alias[j]);
      if (swap) out.push({ typo: alias.slice(0, j) + swap + alias.slice(j + 1), alias, bundle: b.id });
    }
  }
  return out;
}

beforeAll(() => {
  k = loadKnowledge();
  nlu = createNlu(k);
});

describe('typo tolerance', () => {
  it('finds the bundle for aliases with one character swapped for a homophone', () => {
    const cases = homophoneTypos();
    expect(cases.length).toBeGreaterThan(30);
    const missed = cases.filter((c) => nlu.parse(`${c.typo}要准备什么`).bundle !== c.bundle);
    // a swap can land on another real word; most must still be understood
    expect(missed.length / cases.length, missed.map((m) => `${m.typo}(${m.alias})`).join(' ')).toBeLessThan(0.15);
  });

  it('reads an option through a sound-alike slip in its synonym', () => {
    const q = k.dialogs.get('second-hand-house')!.questions.find((x) => x.id === 'seller_mortgage')!;
    expect(nlu.parse('带压过户', { bundle: 'second-hand-house', question: q }).answer).toBe('carry');
  });

  it('does not "correct" real words, numerals or grammar words into domain terms', () => {
    const lx = new Lexicon(['公司', '注册公司', '两三年', '本人办']);
    const fix = (t: string) => lx.correct(t, nodejieba.cut(t)).text;
    expect(fix('我的工资卡丢了')).toBe('我的工资卡丢了');
    expect(fix('住了三年了')).toBe('住了三年了');
    expect(fix('本人必须到场吗')).toBe('本人必须到场吗');
    expect(fix('注测公司流程')).toBe('注册公司流程');
  });

  it('keeps reading the right characters after an emoji (two UTF-16 units, one syllable)', () => {
    const lx = new Lexicon(['户口簿', '带押过户']);
    const fix = (t: string) => lx.correct(t, nodejieba.cut(t)).text;
    expect(fix('😀带压过户')).toBe('😀带押过户');
    expect(fix('我的𠀀户口薄丢了')).toBe('我的𠀀户口簿丢了');
  });

  it('reads a word the same however often it is met (readings are cached per token)', () => {
    const lx = new Lexicon(['户口簿']);
    const once = lx.correct('户口薄在哪补', nodejieba.cut('户口薄在哪补'));
    for (let i = 0; i < 3; i++) expect(lx.correct('户口薄在哪补', nodejieba.cut('户口薄在哪补'))).toEqual(once);
    expect(once.text).toBe('户口簿在哪补');
  });
});
