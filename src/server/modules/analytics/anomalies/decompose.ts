/**
 * Robust decomposition of a daily series with gaps: value = trend + weekly + yearly + residual, every part
 * estimated by medians so that the anomalies being looked for do not pull the fit towards themselves.
 * See README.md for the method and its limits.
 */
import { quantileSorted } from "../forecast/stats";
import { dayOfWeek, dayOfYear } from "./dates";

/** Trend: a centred running median over this many calendar days (a bit over two weeks: each weekday twice). */
export const TREND_DAYS = 15;
/** A trend window with fewer observations than this (gaps, series ends) is widened a week at a time. */
const MIN_TREND_POINTS = 7;
/** Yearly: the median over days of the year within ± this many days, across all years. */
const YEARLY_HALF_WINDOW = 3;
const MIN_YEARLY_POINTS = 5;
/** Trend, weekly and yearly are re-estimated in turn, each from the series less the others. */
const PASSES = 3;

export type Observations = { days: readonly number[]; values: readonly number[] };

export type Decomposition = { trend: number[]; weekly: number[]; yearly: number[]; residual: number[] };

export function median(values: ArrayLike<number>): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/**
 * Centred running median by calendar day, leaving the day itself out (so a spike does not move its own
 * expected value, and the residual scale is not shrunk by the fit); `days` ascending. Near the ends and
 * across gaps the window is what there is, widened a week at a time until it holds MIN_TREND_POINTS others.
 */
export function runningMedian(days: readonly number[], values: readonly number[], windowDays: number): number[] {
  const n = days.length;
  if (n === 1) return [values[0]!];
  const halfWindow = Math.floor(windowDays / 2);
  return days.map((day, i) => {
    for (let half = halfWindow; ; half += 7) {
      let first = i;
      while (first > 0 && days[first - 1]! >= day - half) first--;
      let last = i;
      while (last < n - 1 && days[last + 1]! <= day + half) last++;
      if (last - first >= MIN_TREND_POINTS || (first === 0 && last === n - 1)) return median([...values.slice(first, i), ...values.slice(i + 1, last + 1)]);
    }
  });
}

/** The median of each weekday's values, centred so the seven add to zero. */
function weeklyMedians(days: readonly number[], values: readonly number[]): number[] {
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  days.forEach((day, i) => byWeekday[dayOfWeek(day)]!.push(values[i]!));
  const medians = byWeekday.map((group) => (group.length > 0 ? median(group) : 0));
  const centre = medians.reduce((sum, value) => sum + value, 0) / 7;
  return medians.map((value) => value - centre);
}

/** The median at each day of the year over a ±3-day window across years (circular over 366 days), centred on the mean. */
function yearlyMedians(days: readonly number[], values: readonly number[]): number[] {
  const byDay: number[][] = Array.from({ length: 366 }, () => []);
  days.forEach((day, i) => byDay[dayOfYear(day)]!.push(values[i]!));
  const medians = byDay.map((_, d) => {
    const pool: number[] = [];
    for (let offset = -YEARLY_HALF_WINDOW; offset <= YEARLY_HALF_WINDOW; offset++) pool.push(...byDay[(d + offset + 366) % 366]!);
    return pool.length >= MIN_YEARLY_POINTS ? median(pool) : 0;
  });
  const centre = medians.reduce((sum, value) => sum + value, 0) / 366;
  return medians.map((value) => value - centre);
}

export function decompose(series: Observations, components: { weekly: boolean; yearly: boolean }): Decomposition {
  const { days, values } = series;
  const n = days.length;
  let weekly = new Array<number>(n).fill(0);
  let yearly = new Array<number>(n).fill(0);
  let trend = new Array<number>(n).fill(0);
  const less = (...parts: number[][]) => values.map((value, i) => parts.reduce((rest, part) => rest - part[i]!, value));
  for (let pass = 0; pass < PASSES; pass++) {
    trend = runningMedian(days, less(weekly, yearly), TREND_DAYS);
    if (components.weekly) {
      const byWeekday = weeklyMedians(days, less(trend, yearly));
      weekly = days.map((day) => byWeekday[dayOfWeek(day)]!);
    }
    if (components.yearly) {
      const byDay = yearlyMedians(days, less(trend, weekly));
      yearly = days.map((day) => byDay[dayOfYear(day)]!);
    }
  }
  return { trend, weekly, yearly, residual: less(trend, weekly, yearly) };
}
