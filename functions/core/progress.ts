// The share of units that have reported, one rule for the sheet's formula, the digest and the CLI.

/**
 * A whole percentage, rounded half up, except that it never says 100% while someone is missing
 * nor 0% once someone has reported: a coordinator reads "100%" as "done".
 */
export function percent(part: number, whole: number): number {
  if (whole <= 0 || part <= 0) return 0;
  if (part >= whole) return 100;
  // Integer arithmetic: floor((100·part + whole/2) / whole) with no floating-point halves.
  const rounded = Math.floor((part * 200 + whole) / (whole * 2));
  return Math.min(99, Math.max(1, rounded));
}

/**
 * The same rule as a sheet formula over two expressions (e.g. COUNTA of two ranges), so the
 * headline in "Tiến độ" and the digest never disagree (199/200 is 99% in both).
 */
export function percentFormula(part: string, whole: string): string {
  const p = `(${part})`;
  const w = `(${whole})`;
  return `IF(OR(${w}<=0,${p}<=0),0,IF(${p}>=${w},100,MIN(99,MAX(1,INT((${p}*200+${w})/(${w}*2))))))`;
}
