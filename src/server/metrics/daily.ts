import { chmodSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../../util/files.js';

/** counts per day (YYYY-MM-DD, the district's local day) and per name, e.g. { "2026-12-05": { turns: 31 } } */
export type DailyCounts = Record<string, Record<string, number>>;

/**
 * The counters the results page draws, kept across restarts: Prometheus counters start again at zero
 * with every process, a manager's "conversations per day" must not. Written whole (temp file + rename)
 * a few seconds after a change, and on close; a crash loses at most those seconds of counts, never a
 * conversation.
 */
export class DailyCounters {
  private counts: DailyCounts;
  private dirty = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly day: () => string,
    flushMs = 5_000,
    private readonly keepDays = 400,
  ) {
    this.counts = read(file);
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  add(name: string, by = 1): void {
    const d = this.day();
    const today = (this.counts[d] ??= {});
    today[name] = (today[name] ?? 0) + by;
    this.dirty = true;
  }

  /** the last `days` days, oldest first, with days that had nothing filled in as zeros */
  series(days: number): { day: string; counts: Record<string, number> }[] {
    const end = new Date(`${this.day()}T00:00:00Z`);
    const out: { day: string; counts: Record<string, number> }[] = [];
    for (let i = days - 1; i >= 0; i--) {
      const d = new Date(end.getTime() - i * 86_400_000).toISOString().slice(0, 10);
      out.push({ day: d, counts: { ...(this.counts[d] ?? {}) } });
    }
    return out;
  }

  flush(): void {
    if (!this.dirty) return;
    const days = Object.keys(this.counts).sort();
    for (const d of days.slice(0, Math.max(0, days.length - this.keepDays))) delete this.counts[d];
    if (writeFileAtomicSync(this.file, JSON.stringify(this.counts))) {
      this.dirty = false;
      try {
        chmodSync(this.file, 0o600);
      } catch {
        // the counts are no personal data; a file system without modes keeps them all the same
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

function read(file: string): DailyCounts {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as DailyCounts) : {};
  } catch {
    return {};
  }
}
