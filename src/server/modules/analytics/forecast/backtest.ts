/**
 * Rolling-origin evaluation (Tashman 2000; FPP §5.10): fit on the first t values, forecast
 * `horizon` ahead, score against what followed, for `origins` consecutive origins ending at
 * n − horizon. Seasonal naive is scored at the same origins as the baseline.
 */
import { checkSeries, forecast, ForecastInputError, type ForecastOptions, type Series } from "./forecast";

export type BacktestOptions = { horizon: number; origins: number } & ForecastOptions;

export type Accuracy = { mase: number; smape: number };

export type BacktestResult = Accuracy & {
  baseline: Accuracy;
  /** One row per origin: the training length, the method used there and its scores. */
  perOrigin: ({ trainingLength: number; method: string; baseline: Accuracy } & Accuracy)[];
};

/** The in-sample mean absolute seasonal-naive error (lag 1 when the series is not longer than one season): MASE's scale. */
export function maseScale(training: readonly number[], frequency: number): number {
  const lag = training.length > frequency ? frequency : 1;
  let sum = 0;
  for (let t = lag; t < training.length; t++) sum += Math.abs(training[t]! - training[t - lag]!);
  return sum / (training.length - lag);
}

/** MASE and sMAPE (in percent; a 0-for-0 forecast counts 0) of one forecast. */
export function accuracy(actual: readonly number[], predicted: readonly number[], scale: number): Accuracy {
  let absolute = 0;
  let symmetric = 0;
  actual.forEach((y, i) => {
    const error = Math.abs(y - predicted[i]!);
    absolute += error;
    const denominator = Math.abs(y) + Math.abs(predicted[i]!);
    symmetric += denominator === 0 ? 0 : (200 * error) / denominator;
  });
  const mae = absolute / actual.length;
  // A flat training series has no scale: an exact forecast scores 0, any miss is infinitely bad.
  const mase = scale > 0 ? mae / scale : mae === 0 ? 0 : Infinity;
  return { mase, smape: symmetric / actual.length };
}

export function backtest(series: Series, options: BacktestOptions): BacktestResult {
  const { horizon, origins, ...forecastOptions } = options;
  checkSeries(series, horizon);
  const n = series.values.length;
  if (!Number.isInteger(origins) || origins < 1) throw new ForecastInputError(`origins must be a whole number ≥ 1, got ${origins}`);
  const firstOrigin = n - horizon - origins + 1;
  if (firstOrigin < 2) throw new ForecastInputError(`${origins} origins with horizon ${horizon} need more than ${horizon + origins} values, got ${n}`);

  const perOrigin: BacktestResult["perOrigin"] = [];
  for (let origin = firstOrigin; origin <= n - horizon; origin++) {
    const training = series.values.slice(0, origin);
    const actual = series.values.slice(origin, origin + horizon);
    const trainingSeries = { values: training, frequency: series.frequency };
    const scale = maseScale(training, series.frequency);
    const result = forecast(trainingSeries, horizon, forecastOptions);
    const reference = forecast(trainingSeries, horizon, { method: "snaive" });
    perOrigin.push({ trainingLength: origin, method: result.method, ...accuracy(actual, result.mean, scale), baseline: accuracy(actual, reference.mean, scale) });
  }
  const average = (pick: (row: BacktestResult["perOrigin"][number]) => number) => perOrigin.reduce((sum, row) => sum + pick(row), 0) / perOrigin.length;
  return {
    mase: average((row) => row.mase),
    smape: average((row) => row.smape),
    baseline: { mase: average((row) => row.baseline.mase), smape: average((row) => row.baseline.smape) },
    perOrigin,
  };
}
