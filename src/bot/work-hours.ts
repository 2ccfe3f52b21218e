/**
 * 工作时间 of the hotline's operators, e.g. "1-5 09:00-12:00,13:00-17:00" (days 1 = Monday … 7 = Sunday,
 * then time ranges; several groups separated by ";"), on a fixed UTC offset (China keeps +8 all year).
 * A 转人工 request waits only while operators are at work: the timeout counts working minutes.
 */
export interface WorkHours {
  /** per weekday 1–7, the open ranges in minutes after midnight */
  days: Map<number, [number, number][]>;
  offsetMinutes: number;
  text: string;
}

const DAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export class WorkHoursError extends Error {}

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new WorkHoursError(`时间「${hhmm}」应写成 09:00 这样`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseWorkHours(spec: string, utcOffsetHours = 8): WorkHours {
  const days = new Map<number, [number, number][]>();
  const said: string[] = [];
  for (const group of spec
    .split(';')
    .map((g) => g.trim())
    .filter(Boolean)) {
    const m = /^([1-7])(?:-([1-7]))?\s+(.+)$/.exec(group);
    if (!m) throw new WorkHoursError(`「${group}」应写成「1-5 09:00-17:00」（星期几 时段）`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) throw new WorkHoursError(`「${group}」的星期要从小到大`);
    const ranges = m[3]!.split(',').map((r) => {
      const [a, b] = r.split('-');
      if (!a || !b) throw new WorkHoursError(`时段「${r}」应写成 09:00-17:00`);
      const range: [number, number] = [minutes(a), minutes(b)];
      if (range[1] <= range[0]) throw new WorkHoursError(`时段「${r}」结束要晚于开始`);
      return range;
    });
    for (let d = from; d <= to; d++) days.set(d, [...(days.get(d) ?? []), ...ranges]);
    const dayText = from === to ? DAY_NAMES[from] : `${DAY_NAMES[from]}至${DAY_NAMES[to]}`;
    said.push(
      `${dayText} ${m[3]!
        .replace(/\b0(\d):/g, '$1:')
        .split(',')
        .join('、')}`,
    );
  }
  if (days.size === 0) throw new WorkHoursError('至少要有一个工作时段');
  return { days, offsetMinutes: utcOffsetHours * 60, text: said.join('；') };
}

/** The local day (1–7) and the epoch ms of its midnight, for an instant. */
function localDay(h: WorkHours, t: number): { weekday: number; midnight: number } {
  const local = t + h.offsetMinutes * 60_000;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const weekday = ((new Date(dayStart).getUTCDay() + 6) % 7) + 1;
  return { weekday, midnight: dayStart - h.offsetMinutes * 60_000 };
}

export function atWork(h: WorkHours, t: number): boolean {
  const { weekday, midnight } = localDay(h, t);
  const m = (t - midnight) / 60_000;
  return (h.days.get(weekday) ?? []).some(([a, b]) => m >= a && m < b);
}

/** Working milliseconds between two instants (at most the following 31 days are looked at). */
export function workMsBetween(h: WorkHours, from: number, to: number): number {
  let total = 0;
  let { midnight, weekday } = localDay(h, from);
  for (let i = 0; i < 32 && midnight < to; i++) {
    for (const [a, b] of h.days.get(weekday) ?? []) {
      const start = Math.max(from, midnight + a * 60_000);
      const end = Math.min(to, midnight + b * 60_000);
      if (end > start) total += end - start;
    }
    midnight += 86_400_000;
    weekday = (weekday % 7) + 1;
  }
  return total;
}
