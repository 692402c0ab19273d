/**
 * The benchmark forecasts (Hyndman & Athanasopoulos, "Forecasting: Principles and Practice", §5.2
 * and §5.5): seasonal naive, drift and naive, each with its standard normal intervals.
 */
import { normalIntervals, type Intervals } from "./stats";

export type BaselineForecast = { mean: number[]; sigma: number } & Intervals;

/** ŷ(n+h) = the value one season earlier; sd_h = σ·√(k+1), k full seasons ahead; σ² the mean squared seasonal difference. */
export function seasonalNaive(values: readonly number[], frequency: number, horizon: number): BaselineForecast {
  const n = values.length;
  const m = frequency;
  if (n <= m) throw new RangeError(`seasonal naive needs more than one season (${m} values), got ${n}`);
  let sum = 0;
  for (let t = m; t < n; t++) sum += (values[t]! - values[t - m]!) ** 2;
  const sigma = Math.sqrt(sum / (n - m));
  const mean: number[] = [];
  const sd: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    mean.push(values[n - m + ((h - 1) % m)]!);
    sd.push(sigma * Math.sqrt(Math.floor((h - 1) / m) + 1));
  }
  return { mean, sigma, ...normalIntervals(mean, sd) };
}

/** ŷ(n+h) = y(n) + h·(y(n) − y(1))/(n − 1); sd_h = σ·√(h·(1 + h/(n − 1))), σ² = Σ(Δy − drift)²/(n − 2). */
export function drift(values: readonly number[], horizon: number): BaselineForecast {
  const n = values.length;
  if (n < 3) throw new RangeError(`drift needs at least 3 values, got ${n}`);
  const slope = (values[n - 1]! - values[0]!) / (n - 1);
  let sum = 0;
  for (let t = 1; t < n; t++) sum += (values[t]! - values[t - 1]! - slope) ** 2;
  const sigma = Math.sqrt(sum / (n - 2));
  const mean = Array.from({ length: horizon }, (_, i) => values[n - 1]! + (i + 1) * slope);
  const sd = mean.map((_, i) => sigma * Math.sqrt((i + 1) * (1 + (i + 1) / (n - 1))));
  return { mean, sigma, ...normalIntervals(mean, sd) };
}

/** ŷ(n+h) = y(n); sd_h = σ·√h, σ² the mean squared difference. */
export function naive(values: readonly number[], horizon: number): BaselineForecast {
  const n = values.length;
  if (n < 2) throw new RangeError(`naive needs at least 2 values, got ${n}`);
  let sum = 0;
  for (let t = 1; t < n; t++) sum += (values[t]! - values[t - 1]!) ** 2;
  const sigma = Math.sqrt(sum / (n - 1));
  const mean = new Array<number>(horizon).fill(values[n - 1]!);
  const sd = mean.map((_, i) => sigma * Math.sqrt(i + 1));
  return { mean, sigma, ...normalIntervals(mean, sd) };
}
