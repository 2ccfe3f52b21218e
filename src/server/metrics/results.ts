import type { Reduction } from '../../engine/report.js';
import { RATING_LABEL, RATING_LEVELS } from '../../acceptance/contract/case.js';
import { DAILY } from './index.js';

export interface DayResult {
  day: string;
  conversations: number;
  checklists: number;
  handovers: number;
}

/** What the district's managers look at: the same figures on the console page and in `npm run report -- --html`. */
export interface Results {
  from: string;
  to: string;
  days: DayResult[];
  totals: { conversations: number; checklists: number; handovers: number; handoversAnswered: number; handoversMissed: number; submitted: number };
  /** share of conversations that reached a checklist */
  checklistShare: number | null;
  /** 在线解答率: conversations that ended without asking for a person */
  answeredOnline: number | null;
  /** 转人工 rate */
  handoverRate: number | null;
  /** 好差评, best first: the contract's level and its label */
  ratings: { level: string; label: string; count: number }[];
  reductions: Reduction[];
}

export function computeResults(series: { day: string; counts: Record<string, number> }[], reductions: Reduction[]): Results {
  const days = series.map(({ day, counts }) => ({
    day,
    conversations: counts[DAILY.conversations] ?? 0,
    checklists: counts[DAILY.checklists] ?? 0,
    handovers: counts[DAILY.handoverRequested] ?? 0,
  }));
  const sum = (name: string) => series.reduce((s, d) => s + (d.counts[name] ?? 0), 0);
  const conversations = sum(DAILY.conversations);
  const checklists = sum(DAILY.checklists);
  const handovers = sum(DAILY.handoverRequested);
  const share = (n: number) => (conversations > 0 ? Math.min(1, n / conversations) : null);
  return {
    from: series[0]?.day ?? '',
    to: series.at(-1)?.day ?? '',
    days,
    totals: {
      conversations,
      checklists,
      handovers,
      handoversAnswered: sum(DAILY.handoverAnswered),
      handoversMissed: sum(DAILY.handoverMissed),
      submitted: sum(DAILY.submitted),
    },
    checklistShare: share(checklists),
    answeredOnline: conversations > 0 ? 1 - Math.min(1, handovers / conversations) : null,
    handoverRate: share(handovers),
    ratings: RATING_LEVELS.map((level) => ({ level, label: RATING_LABEL[level], count: sum(DAILY.rating(level)) })),
    reductions,
  };
}
