/** Numbers as the user reads them: at most two decimals, no trailing zeros. */
export function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Money in 元, in 万元 from ten thousand on: "80元", "1.2万元". */
export function yuanText(n: number): string {
  return n >= 10000 ? `${trimNumber(n / 10000)}万元` : `${trimNumber(n)}元`;
}
