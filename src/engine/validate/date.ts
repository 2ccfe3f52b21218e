/**
 * Dates as people say them in a chat: 2024-05-01, 2024年5月1日, 20240501, and relative to today —
 * 今天、昨天、前天、3天前、明天、上周五（上星期五、上礼拜五）、本周一、下周三、11月28号 (this year:
 * forms ask past days and planned ones alike, so no year is guessed backwards). Relative words are read
 * against the Beijing calendar day and the form says the date back, so a wrong reading is seen at once.
 */
const FULL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH_DAY = /^(\d{1,2})[-/.月](\d{1,2})[日号]?$/;
const DAYS_AGO: Record<string, number> = { 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2, 大前天: 3, 明天: -1, 后天: -2, 大后天: -3 };
const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const NUMBER: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export type DateReading = { ok: true; iso: string; relative: boolean } | { ok: false; problem: 'shape' | 'invalid' };

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** today's calendar day in Beijing, as a UTC midnight */
function beijingDay(today: Date): Date {
  const b = new Date(today.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()));
}
const minusDays = (d: Date, n: number) => new Date(d.getTime() - n * 86_400_000);

function exact(y: number, mo: number, d: number): DateReading {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { ok: false, problem: 'invalid' };
  return { ok: true, iso: iso(dt), relative: false };
}

export function readDate(raw: string, today: Date = new Date()): DateReading {
  const v = raw.replace(/\s/g, '').replace(/^(是|在)/, '');
  const m = FULL.exec(v) ?? COMPACT.exec(v);
  if (m) return exact(Number(m[1]), Number(m[2]), Number(m[3]));
  const day = beijingDay(today);
  const ago = DAYS_AGO[v];
  if (ago !== undefined) return { ok: true, iso: iso(minusDays(day, ago)), relative: true };
  const n = /^(\d{1,2}|[一两二三四五六七八九十])天(前|之前|以前)$/.exec(v);
  if (n) return { ok: true, iso: iso(minusDays(day, Number(n[1]) || NUMBER[n[1]!]!)), relative: true };
  const w = /^(上|这|本|下)(个)?(周|星期|礼拜)([一二三四五六日天1-7])$/.exec(v);
  if (w) {
    const todayIdx = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
    const weeks = w[1] === '上' ? -1 : w[1] === '下' ? 1 : 0;
    const monday = minusDays(day, todayIdx - 1 - weeks * 7);
    return { ok: true, iso: iso(minusDays(monday, 1 - WEEKDAY[w[4]!]!)), relative: true };
  }
  const md = MONTH_DAY.exec(v);
  if (md) {
    const r = exact(day.getUTCFullYear(), Number(md[1]), Number(md[2]));
    return r.ok ? { ...r, relative: true } : r;
  }
  return { ok: false, problem: 'shape' };
}
