import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Question } from '../knowledge/schema/index.js';

/**
 * How a place lies relative to 西安市未央区: the district itself, another district of 西安, 西安 without a
 * district, elsewhere in 陕西, elsewhere in the mainland, or 境外 (港澳台 and abroad).
 */
export type PlaceLevel = 'district' | 'xian_district' | 'xian' | 'shaanxi' | 'other' | 'abroad';

const PlacesFile = z
  .object({
    source: z.string(),
    effective: z.union([z.string(), z.date()]),
    district: z.array(z.string()),
    xian_districts: z.array(z.string()),
    xian: z.array(z.string()),
    shaanxi: z.array(z.string()),
    other: z.array(z.string()),
    abroad: z.array(z.string()),
  })
  .strict();

export interface Places {
  re: RegExp;
  level: Map<string, PlaceLevel>;
}

export function readPlaces(root: string): Places {
  const d = PlacesFile.parse(parse(readFileSync(join(root, 'knowledge', 'nlu', 'places.yaml'), 'utf8')));
  const level = new Map<string, PlaceLevel>();
  for (const [k, l] of [
    ['district', 'district'],
    ['xian_districts', 'xian_district'],
    ['xian', 'xian'],
    ['shaanxi', 'shaanxi'],
    ['other', 'other'],
    ['abroad', 'abroad'],
  ] as const) {
    for (const w of d[k]) level.set(w, l);
  }
  const words = [...level.keys()].sort((a, b) => b.length - a.length);
  return { re: new RegExp(`(不在|不是)?(${words.join('|')})`, 'g'), level };
}

/**
 * The most specific place a clause names (未央区 over 西安), or null. 「不在西安」 is outside. A place
 * after 从/来自 (从宝鸡调来的) is where the person comes from, which is what 原参保地-style questions ask.
 */
export function placeOf(clause: string, places: Places): PlaceLevel | null {
  let best: PlaceLevel | null = null;
  const rank: Record<PlaceLevel, number> = { district: 4, xian_district: 3, shaanxi: 2, other: 2, abroad: 2, xian: 1 };
  places.re.lastIndex = 0;
  for (let m = places.re.exec(clause); m; m = places.re.exec(clause)) {
    let l = places.level.get(m[2]!)!;
    if (m[1] && (l === 'xian' || l === 'district' || l === 'xian_district')) l = 'other';
    if (!best || rank[l] > rank[best]) best = l;
  }
  // 在老家县医院生的: a hometown named by no place is elsewhere than 西安 (老家就在西安 names 西安, which wins)
  return best ?? (/老家/.test(clause) ? 'other' : null);
}

type OptionKind = 'district' | 'city_other' | 'xian' | 'outside' | 'abroad' | 'province';
/** what an option's label says about place: 未央区 / 西安市其他区县 / 西安市内 / 西安以外 / 境外 */
function optionKind(label: string): OptionKind | null {
  if (/(以外|外地|外省|外市|省外)/.test(label)) return 'outside';
  if (/(境外|国外)/.test(label)) return 'abroad';
  if (/未央/.test(label)) return 'district';
  if (/其他区/.test(label)) return 'city_other';
  if (/(西安|本市)/.test(label)) return 'xian';
  // 在陕西登记 / 在外省或境外登记: a question that tells the province apart
  if (/(陕西|本省)/.test(label)) return 'province';
  return null;
}
const AMBIGUOUS = '';
const kindsCache = new WeakMap<Question, Map<OptionKind, string>>();
function kindsOf(q: Question): Map<OptionKind, string> {
  let m = kindsCache.get(q);
  if (!m) {
    m = new Map();
    for (const o of q.options ?? []) {
      const k = optionKind(o.label);
      // two options of one kind (在外地想迁来 / 在外地暂不迁): the place alone cannot tell them apart
      if (k) m.set(k, m.has(k) ? AMBIGUOUS : o.id);
    }
    kindsCache.set(q, m);
  }
  return m;
}

/** Whether a question is asked about place at all (its options name 西安 and 以外). */
export function isPlaceQuestion(q: Question): boolean {
  const k = kindsOf(q);
  return k.has('outside') && (k.has('xian') || k.has('district') || k.has('city_other') || k.has('province'));
}

/**
 * The option a place stands for at a place question; 'unsure' when the place is not precise enough for the
 * question (西安 at a question that tells 未央区 from the other districts), undefined when it is no place question.
 */
export function placeAnswer(q: Question, place: PlaceLevel): string | 'unsure' | undefined {
  if (q.type !== 'single' || !isPlaceQuestion(q)) return undefined;
  const k = kindsOf(q);
  const v = placeAnswerOf(k, place);
  return v === AMBIGUOUS ? 'unsure' : v;
}

function placeAnswerOf(k: Map<OptionKind, string>, place: PlaceLevel): string | 'unsure' | undefined {
  if (k.has('province') && !k.has('xian') && !k.has('district') && !k.has('city_other'))
    return place === 'other' || place === 'abroad' ? k.get('outside') : k.get('province');
  switch (place) {
    case 'abroad':
      // 香港 at a question that tells 境外 apart is 境外; where it does not, it is still outside 西安
      return k.get('abroad') ?? k.get('outside');
    case 'shaanxi':
    case 'other':
      return k.get('outside');
    case 'district':
      return k.get('district') ?? k.get('xian');
    case 'xian_district':
      return k.get('city_other') ?? k.get('xian');
    case 'xian':
      return k.has('district') ? 'unsure' : (k.get('xian') ?? k.get('city_other'));
  }
}
