/** Chinese and mixed numerals: 九十, 一百二十, 两百三十万, 1.5万, 三年半, 二〇二四. */
const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  三: 3,
  叁: 3,
  仨: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, w: 1e4, k: 1e3 };

export const NUM_CHARS = '零〇一幺壹二贰两俩三叁仨四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿';

function chineseValue(s: string): number | undefined {
  // digits only, read positionally: 二〇二四 → 2024
  if ([...s].every((c) => c in DIGIT) && (s.length > 2 || /[零〇]/.test(s))) return Number([...s].map((c) => DIGIT[c]).join(''));
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of s) {
    if (c in DIGIT) digit = DIGIT[c]!;
    else if (c in SMALL_UNIT) {
      section += (digit ?? 1) * SMALL_UNIT[c]!;
      digit = null;
    } else if (c in BIG_UNIT) {
      total += (section + (digit ?? 0)) * BIG_UNIT[c]!;
      section = 0;
      digit = null;
    } else return undefined;
  }
  // 两百三 means 230, 一万五 means 15000: a trailing bare digit takes the next lower unit
  if (digit !== null) {
    const last = [...s].reverse().find((c) => c in SMALL_UNIT || c in BIG_UNIT);
    const prev = s[s.length - 2];
    if (last && prev && (prev in SMALL_UNIT || prev in BIG_UNIT)) {
      const unit = SMALL_UNIT[prev] ?? BIG_UNIT[prev]!;
      section += digit * (unit >= 1e4 ? unit / 10 : unit / 10);
    } else section += digit;
  }
  return total + section;
}

function plusFraction(whole: number | undefined, digits: string): number | undefined {
  return whole === undefined ? undefined : Number(`${whole}.${[...digits].map((c) => DIGIT[c]).join('')}`);
}

/** The value of one numeral token, or undefined when it is not a number. */
export function parseNumber(raw: string): number | undefined {
  let s = raw.replace(/\s/g, '').toLowerCase();
  let extra = 0;
  let factor = 1;
  if (s.endsWith('半')) {
    s = s.slice(0, -1);
    extra = 0.5;
  } else if (s.endsWith('多')) s = s.slice(0, -1);
  const big = /(万|萬|w|k|亿)$/.exec(s);
  if (big && /\d/.test(s)) {
    factor = BIG_UNIT[big[1]!]!;
    s = s.slice(0, -1);
  }
  if (s === '') return undefined;
  // 八十八点五: the part after 点 is read digit by digit
  const point = /^(.+)点([零〇一二三四五六七八九]+)$/.exec(s);
  const v = /^\d+(\.\d+)?$/.test(s) ? Number(s) : point ? plusFraction(chineseValue(point[1]!), point[2]!) : chineseValue(s);
  if (v === undefined || Number.isNaN(v)) return undefined;
  // 一万五: the half applies to the unit (1.5万), 三年半 to the count (3.5)
  return (v + extra) * factor;
}
