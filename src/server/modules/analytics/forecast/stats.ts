/** The standard normal quantiles of the two interval levels every forecast carries (80% and 95%). */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Quantile of an ascending array, linear between order statistics (R's default, type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below]!;
  return low + (position - below) * (sorted[above]! - low);
}

export type Intervals = { lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[] };

/** Normal intervals around point forecasts, from the forecast standard deviation at each step. */
export function normalIntervals(mean: readonly number[], sd: readonly number[]): Intervals {
  return {
    lo80: mean.map((m, i) => m - Z80 * sd[i]!),
    hi80: mean.map((m, i) => m + Z80 * sd[i]!),
    lo95: mean.map((m, i) => m - Z95 * sd[i]!),
    hi95: mean.map((m, i) => m + Z95 * sd[i]!),
  };
}
