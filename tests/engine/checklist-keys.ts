import { expect } from 'vitest';

/** material keys ('id-card@父亲') of checklist lines, sorted so comparisons ignore listing order */
export const keys = (lines: readonly { key: string }[]): string[] => lines.map((m) => m.key).sort();

/** asserts the lines hold exactly these material keys: nothing missing and nothing extra */
export function exactly(lines: readonly { key: string }[], want: readonly string[]): void {
  expect(keys(lines)).toEqual([...want].sort());
}
