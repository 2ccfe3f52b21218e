import { isIdCard } from '../engine/validate/idcard.js';
import { isMobile, isXianLandline, normalizePhone } from '../engine/validate/phone.js';
import { NUM_CHARS, parseNumber } from './numerals.js';
import { negatedAt } from './text.js';

export interface Entity {
  type: string;
  value: unknown;
  text: string;
}
/** An entity with where it sits and, for counts, the unit written after it (个, 人, 天). */
export interface Found extends Entity {
  start: number;
  end: number;
  unit?: string;
  /** what the number may really be when the text is loose about it (七八年: 7..8; 一八年买的: held 7..8 years) */
  range?: [number, number];
  /** the few characters after a year, for what happened in it (买的, 结的婚) */
  context?: string;
}

/**
 * A number starts where its run of digits or numerals starts: a match begun inside a run would read only
 * its tail, and retrying from every position inside a long run made the scans quadratic in its length.
 */
const N = `(?:(?<!\\d\\.?)\\d+(?:\\.\\d+)?|(?<![${NUM_CHARS}])[${NUM_CHARS}]+(?:点[零〇一二三四五六七八九]+)?)`;
const AREA_RE = new RegExp(`(${N})\\s*(?:多)?\\s*(?:个)?\\s*(平方米|平方|平米|平|㎡|m2(?![\\da-z])|m²|m\\^2|sqm|坪)`, 'gi');
// k is a thousand (1.5k元, 20kw of 万) but not the k of kW
const MONEY_RE = new RegExp(`(${N}(?:\\s*(?:万|w|k(?!w)))?)\\s*(?:多)?\\s*(万元|万块|万|元|块钱|块|w(?![a-z])|rmb)`, 'gi');
const YEARS_RE = new RegExp(`(满|住了|买了|持有|有|了|快|将近|差不多|超过|不到|不满|刚满)?\\s*(${N})\\s*(个)?\\s*(年半|年多|年|周年)(?!\\d|[月级底初])`, 'g');
const MAN_RE = new RegExp(`满\\s*([${NUM_CHARS}\\d]{1,2})(?![${NUM_CHARS}\\d年万元平块岁个])`, 'g');
/** 一个星期, 两个月, 半个月: a duration in days (a month taken as 30) */
const SPAN_RE = new RegExp(`(${N}|半)\\s*(个)?\\s*(星期|礼拜|周|月)(?![份底初号日])`, 'g');
const COUNT_RE = new RegExp(`(${N})\\s*(个|人|位|名|天|日|棵|株|千瓦|kw(?![a-z])|胞胎|户|套|处|米|间|家|岁)`, 'gi');
const BARE_RE = new RegExp(`${N}`, 'g');
const DATE_RE = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/g;
const YEAR_RE = /(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)/g;
/** 二零零零年, 一九九八年: a year written digit by digit */
const HAN_YEAR_RE = /(?<![零〇一二三四五六七八九十])([一二][零〇一二三四五六七八九]{3})\s*年/g;
/** 九八年, 一八年, 98年 followed by what happened then (买的, 结的婚, 领的证): a year, not a duration */
const SHORT_YEAR_RE =
  /(住了|满|有|了|快|将近|差不多|超过|不到|不满|刚满|持有|近|这|那|好几|十几|几)?(?<![\d零〇一二两三四五六七八九十])([零〇一二三四五六七八九]{2}|\d{2})\s*年(?=[^,，.。;；!?！？\d]{0,5}?(?:买|卖|结|登记|领|生|出生|办|入职|毕业|参加|开始|退休|分房|继承|过户|离婚|拿证))|(?<![\d零〇一二两三四五六七八九十])([零〇九][零〇一二三四五六七八九]|[09]\d)\s*年(?=在|的时候|\s*$)/g;
/** 前年, 去年, 六年前: a year counted back from today */
const REL_YEAR_RE = new RegExp(`(大前年|前年|去年|今年)|(?<![${NUM_CHARS}\\d])(${N})\\s*(?:个)?\\s*(年半|年多|年)(?:以前|之前|前)`, 'g');
const ID_RE = /(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])/g;
const MOBILE_RE = /(?<!\d)((?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)/g;
const LANDLINE_RE = /(?<!\d)(029-?\d{8})(?!\d)/g;
const CASE_RE = /(?<![A-Za-z\d])(wy\d{11,14})(?![\d])/gi;

const MARITAL: [RegExp, string][] = [
  [/(离婚|离异|离了婚|已离|前妻|前夫|离掉了|离过婚)/, 'divorced'],
  [/(丧偶|老伴(去世|走了|没了|过世)|(老婆|老公|爱人|配偶|媳妇|丈夫|妻子)(去世|走了|没了|过世))/, 'widowed'],
  [/(未婚|单身|没结婚|没结过婚|还没结婚|没对象|没成家|未结婚)/, 'single'],
  [/(^结了$|^结过了$|^早结了$|已婚|结婚了|结过婚|成家了|领证了|扯了证|扯证了|已经结婚|我老婆|我老公|我媳妇|我爱人|两口子|夫妻)/, 'married'],
];

const YES =
  /^(能|能的|能行|可以的|是|是的|是滴|对|对的|对头|嗯|嗯嗯|恩|en|有|有的|有啊|有呀|要|要的|需要|好|好的|行|可以|没错|对着呢|就是|肯定|当然|y|yes|ok|是啊|对呀|对啊|嗯呐|中|得行|么麻达|没问题)$/i;
const NO = /^(不是|不|否|没有|没|没得|没有的|无|不用|不需要|不要|不对|没呢|还没|还没有|不是的|n|no|nope|莫有|么有|木有|没啥|都没有|不用了|不需要了)$/i;
const YES_LEAD = /^(是|对|嗯|有的|有|要|需要|是的|对的)[,，\s啊呀的]/;
const NO_LEAD = /^(不是|不|没有|没|不用|不需要|不要|无)[,，\s啊呀的]/;

/** Colloquial yes or no of a whole short reply (是的 / 没有 / 嗯嗯), or undefined. */
export function yesNo(text: string): boolean | undefined {
  const t = text.replace(/[\s,.!?~。，！？～了啊呀哦噢吧呢嘛额]+$/g, '').replace(/^(嗯|恩|额|呃)[,，\s]*/, (m) => (text.length <= 3 ? m : ''));
  if (YES.test(t)) return true;
  if (NO.test(t)) return false;
  if (NO_LEAD.test(text)) return false;
  if (YES_LEAD.test(text)) return true;
  return undefined;
}

function covered(found: Found[], start: number, end: number): boolean {
  return found.some((f) => start < f.end && end > f.start);
}

function scan(text: string, re: RegExp, found: Found[], make: (m: RegExpExecArray) => Omit<Found, 'start' | 'end' | 'text'> | null): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (covered(found, start, end)) continue;
    const e = make(m);
    if (e) found.push({ ...e, text: m[0], start, end });
  }
}

/** Every entity in the text, each span used once, identifiers first so their digits are not read as amounts. */
export function findEntities(text: string, today: Date = new Date()): Found[] {
  const found: Found[] = [];
  scan(text, ID_RE, found, (m) => (isIdCard(m[1]!, today) ? { type: 'idcard', value: m[1]!.toUpperCase() } : null));
  scan(text, CASE_RE, found, (m) => ({ type: 'caseNo', value: m[1]!.toUpperCase() }));
  scan(text, MOBILE_RE, found, (m) => (isMobile(m[1]!) ? { type: 'phone', value: normalizePhone(m[1]!) } : null));
  scan(text, LANDLINE_RE, found, (m) => (isXianLandline(m[1]!) ? { type: 'phone', value: m[1]!.replace('-', '') } : null));
  scan(text, DATE_RE, found, (m) => {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
    return { type: 'date', value: `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  });
  scan(text, YEAR_RE, found, (m) => ({ type: 'year', value: Number(m[1]) }));
  scan(text, HAN_YEAR_RE, found, (m) => {
    const y = parseNumber(m[1]!);
    return y !== undefined && y >= 1900 && y <= 2100 ? { type: 'year', value: y } : null;
  });
  const thisYear = today.getUTCFullYear();
  scan(text, SHORT_YEAR_RE, found, (m) => {
    if (m[1]) return null;
    const yy = m[2] ?? m[3]!;
    const n = /^\d+$/.test(yy)
      ? Number(yy)
      : Number([...yy].map((c) => ({ 零: 0, 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 })[c]).join(''));
    return { type: 'year', value: n <= thisYear % 100 ? 2000 + n : 1900 + n };
  });
  scan(text, REL_YEAR_RE, found, (m) => {
    const back = m[1] ? { 大前年: 3, 前年: 2, 去年: 1, 今年: 0 }[m[1]]! : parseNumber(m[2]!);
    if (back === undefined || back > 100) return null;
    return { type: 'year', value: thisYear - Math.floor(back) };
  });
  scan(text, AREA_RE, found, (m) => {
    const v = parseNumber(m[1]!);
    return v === undefined ? null : { type: 'area', value: v };
  });
  scan(text, MONEY_RE, found, (m) => {
    let v = parseNumber(m[1]!);
    if (v === undefined) return null;
    const unit = m[2]!.toLowerCase();
    if ((unit.startsWith('万') || unit === 'w') && !/(万|w|k)$/i.test(m[1]!.trim())) v *= 1e4;
    return { type: 'money', value: Math.round(v * 100) / 100 };
  });
  scan(text, YEARS_RE, found, (m) => {
    let v = parseNumber(m[2]!);
    if (v === undefined || v > 200) return null;
    if (m[4] === '年半') v += 0.5;
    const lead = m[1] ?? '';
    // 七八年, 三四年: two numbers in a row mean "about": the lower bound, and the range kept
    const pair = /^([一二两三四五六七八九])([二三四五六七八九十])$/.exec(m[2]!);
    if (pair) {
      const a = parseNumber(pair[1]!)!;
      const b = parseNumber(pair[2]!)!;
      if (b === a + 1) return { type: 'years', value: a, range: [a, b] };
    }
    // "不到五年" is under five: keep the figure, the range check below reads it as just short of it
    if (/不到|不满|快|将近/.test(lead)) v -= 0.01;
    // 还没满五年: under five, but by how much is not said
    else if (lead === '满' && negatedAt(text, m.index)) return { type: 'years', value: v - 0.01, range: [0, v - 0.01] };
    return { type: 'years', value: v };
  });
  scan(text, MAN_RE, found, (m) => {
    const v = parseNumber(m[1]!);
    if (v === undefined) return null;
    return negatedAt(text, m.index) ? { type: 'years', value: v - 0.01, range: [0, v - 0.01] } : { type: 'years', value: v };
  });
  scan(text, SPAN_RE, found, (m) => {
    // 三月 alone is a month of the year; a count of months needs 个 (两个月), weeks do not (两周)
    if (m[3] === '月' && !m[2] && m[1] !== '半') return null;
    const v = m[1] === '半' ? 0.5 : parseNumber(m[1]!);
    return v === undefined ? null : { type: 'number', value: Math.round(v * (m[3] === '月' ? 30 : 7)), unit: '天' };
  });
  scan(text, COUNT_RE, found, (m) => {
    const v = parseNumber(m[1]!);
    if (v === undefined) return null;
    const unit = m[2]!.toLowerCase() === 'kw' ? '千瓦' : m[2]!;
    return unit === '胞胎' ? { type: 'number', value: v, unit: '个' } : { type: 'number', value: v, unit };
  });
  scan(text, BARE_RE, found, (m) => {
    // a lone 一 inside words (一下, 一起, 唯一) is not a number
    if (/^[一二两]$/.test(m[0]) && text.length > 2) return null;
    const v = parseNumber(m[0]);
    return v === undefined ? null : { type: 'number', value: v };
  });
  for (const [re, value] of MARITAL) {
    const m = re.exec(text);
    if (m && !covered(found, m.index, m.index + m[0].length)) {
      found.push({ type: 'marital', value, text: m[0], start: m.index, end: m.index + m[0].length });
      break;
    }
  }
  const yn = text.length <= 12 ? yesNo(text) : undefined;
  if (yn !== undefined) found.push({ type: 'yesno', value: yn, text, start: 0, end: text.length });
  for (const f of found) if (f.type === 'year') f.context = text.slice(f.end, f.end + 8);
  return found.sort((a, b) => a.start - b.start);
}

export function publicEntity(f: Found): Entity {
  return { type: f.type, value: f.value, text: f.text };
}
