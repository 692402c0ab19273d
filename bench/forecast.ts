/**
 * `npm run bench:forecast`: the forecasting library (src/server/modules/analytics/forecast) on its
 * sample series. For each series: rolling-origin backtest (BENCH_ORIGINS origins, default 8, each
 * series' own horizon) of the automatic ETS selection against seasonal naive (MASE scaled by the
 * in-sample seasonal naive MAE, sMAPE in %), the model chosen on the whole series, and the time
 * to select and fit it (all candidate models). Then the means over the series.
 * A measurement: exits 0 whatever the figures, non-zero on errors.
 */
import fs from "node:fs";
import path from "node:path";
import { backtest } from "../src/server/modules/analytics/forecast/backtest";
import { forecast } from "../src/server/modules/analytics/forecast/forecast";
import { parseForecastRequests } from "../src/server/modules/analytics/forecast/requests";
import { fmt, positiveInt, table } from "./lib/common";

const SAMPLES = path.resolve(import.meta.dirname, "../src/server/modules/analytics/forecast/samples");
const ORIGINS = positiveInt(process.env.BENCH_ORIGINS, 8, "BENCH_ORIGINS");

const series = fs
  .readdirSync(SAMPLES)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .flatMap((file) => parseForecastRequests(fs.readFileSync(path.join(SAMPLES, file), "utf8"), file));

const rows: string[][] = [["series", "n", "m", "h", "chosen", "fit ms", "MASE auto", "MASE snaive", "sMAPE auto", "sMAPE snaive"]];
const totals = { mase: 0, smape: 0, baseMase: 0, baseSmape: 0, ms: 0 };
for (const { name, values, frequency, horizon } of series) {
  const started = performance.now();
  const full = forecast({ values, frequency }, horizon);
  const ms = performance.now() - started;
  const result = backtest({ values, frequency }, { horizon, origins: ORIGINS });
  totals.mase += result.mase;
  totals.smape += result.smape;
  totals.baseMase += result.baseline.mase;
  totals.baseSmape += result.baseline.smape;
  totals.ms += ms;
  rows.push([name, String(values.length), String(frequency), String(horizon), full.method, fmt(ms, 0), fmt(result.mase, 3), fmt(result.baseline.mase, 3), fmt(result.smape, 2), fmt(result.baseline.smape, 2)]);
}
const k = series.length;
rows.push(["mean", "", "", "", "", fmt(totals.ms / k, 0), fmt(totals.mase / k, 3), fmt(totals.baseMase / k, 3), fmt(totals.smape / k, 2), fmt(totals.baseSmape / k, 2)]);
console.log(`Rolling origin: ${ORIGINS} origins per series, each series' horizon; MASE scaled by in-sample seasonal naive MAE.`);
console.log(table(rows));
