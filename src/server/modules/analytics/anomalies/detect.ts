/**
 * detectAnomalies(): robust decomposition of a daily series, then the days whose residual lies beyond a
 * robust z threshold, each with its expected value and band. See README.md.
 */
import { DomainError } from "../../../platform/errors";
import { dayOfWeek, formatDay, parseDay } from "./dates";
import { decompose, median } from "./decompose";

/** A series that cannot be read as given (dates and values out of step, a bad date or value, a bad option). */
export class AnomalyInputError extends DomainError {}

export type DailySeries = { dates: readonly string[]; values: readonly number[] };

export type AnomalyOptions = {
  /** Day-of-week component. Default: on when every weekday has ≥ 3 observations (about 3 weeks). */
  weekly?: boolean;
  /** Day-of-year component. Default: on when the dates span ≥ 2 years (730 days). */
  yearly?: boolean;
  /** Robust z beyond which a day is flagged (default 3.5). */
  threshold?: number;
  /** Fewer observed days than this: components only, nothing flagged (default 14). */
  minHistory?: number;
  /** A calendar day absent from `dates`: "gap" (default, no observation) or "zero" (a day with value 0). */
  missing?: "gap" | "zero";
};

export type Anomaly = {
  date: string;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  /** residual / scale: a robust z, signed. */
  score: number;
  direction: "high" | "low";
};

export type Components = { date: string; value: number; expected: number; trend: number; weekly: number; yearly: number; residual: number };

export type AnomalyResult = {
  /** The flagged days, in date order. */
  points: Anomaly[];
  /** One row per observed day (per calendar day with missing "zero"), in date order. */
  components: Components[];
  /** The residual scale the threshold multiplies (1.4826·MAD, or a floor, see notes). */
  scale: number;
  seasonality: { weekly: boolean; yearly: boolean };
  notes: string[];
};

export const DEFAULT_THRESHOLD = 3.5;
export const DEFAULT_MIN_HISTORY = 14;
const YEARLY_MIN_SPAN_DAYS = 730;
const WEEKLY_MIN_PER_WEEKDAY = 3;
/** MAD and mean absolute deviation → standard deviation, for normal residuals. */
const MAD_TO_SD = 1.4826;
const MEAN_ABS_TO_SD = Math.sqrt(Math.PI / 2);
/** Below this (relative to the series' size) the scale is rounding noise, not spread. */
const RELATIVE_SCALE_FLOOR = 1e-9;

type Observed = { days: number[]; values: number[] };

function readSeries(series: DailySeries, missing: "gap" | "zero"): Observed {
  if (!series || !Array.isArray(series.dates) || !Array.isArray(series.values)) throw new AnomalyInputError("dates and values must be arrays");
  const { dates, values } = series;
  if (dates.length !== values.length) throw new AnomalyInputError(`dates has ${dates.length} entries and values ${values.length}: one value per date`);
  if (dates.length === 0) throw new AnomalyInputError("the series is empty");
  const rows = dates.map((date, i) => {
    const day = parseDay(date);
    if (day === null) throw new AnomalyInputError(`dates[${i}] is ${JSON.stringify(date)}: dates must be real calendar dates written YYYY-MM-DD`);
    const value = values[i];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const shown = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
      throw new AnomalyInputError(`values[${i}] (${date}) is ${shown}: every value must be a finite number (leave a missing day out instead)`);
    }
    return { day, value };
  });
  rows.sort((a, b) => a.day - b.day);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.day === rows[i - 1]!.day) throw new AnomalyInputError(`${formatDay(rows[i]!.day)} appears twice: one value per day (add them up first)`);
  }
  if (missing === "zero") {
    const byDay = new Map(rows.map((row) => [row.day, row.value]));
    const first = rows[0]!.day;
    const days = Array.from({ length: rows.at(-1)!.day - first + 1 }, (_, i) => first + i);
    return { days, values: days.map((day) => byDay.get(day) ?? 0) };
  }
  return { days: rows.map((row) => row.day), values: rows.map((row) => row.value) };
}

function checkOptions(options: AnomalyOptions): void {
  const { threshold, minHistory, missing } = options;
  if (threshold !== undefined && !(typeof threshold === "number" && Number.isFinite(threshold) && threshold > 0)) throw new AnomalyInputError(`threshold must be a number > 0 (a robust z, default ${DEFAULT_THRESHOLD}), got ${threshold}`);
  if (minHistory !== undefined && !(Number.isInteger(minHistory) && minHistory >= 1)) throw new AnomalyInputError(`minHistory must be a whole number ≥ 1, got ${minHistory}`);
  if (missing !== undefined && missing !== "gap" && missing !== "zero") throw new AnomalyInputError(`missing must be "gap" or "zero", got ${JSON.stringify(missing)}`);
}

/** 1.4826·MAD of the residuals; when more than half of them are 0 (a constant or mostly-constant series), the mean absolute residual, with a floor for rounding. */
function residualScale(residual: readonly number[], values: readonly number[], notes: string[]): number {
  const centre = median(residual);
  const mad = MAD_TO_SD * median(residual.map((r) => Math.abs(r - centre)));
  const floor = RELATIVE_SCALE_FLOOR * values.reduce((largest, value) => Math.max(largest, Math.abs(value)), 1);
  if (mad > floor) return mad;
  const meanAbs = MEAN_ABS_TO_SD * (residual.reduce((sum, r) => sum + Math.abs(r), 0) / residual.length);
  notes.push(meanAbs > floor
    ? "more than half the residuals are 0 (MAD 0): the scale is the mean absolute residual instead"
    : "the series is fully explained by its trend and seasonality (scale 0): a tiny floor is used, nothing is flagged");
  return Math.max(meanAbs, floor);
}

export function detectAnomalies(series: DailySeries, options: AnomalyOptions = {}): AnomalyResult {
  checkOptions(options);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const minHistory = options.minHistory ?? DEFAULT_MIN_HISTORY;
  const missing = options.missing ?? "gap";
  const { days, values } = readSeries(series, missing);
  const notes: string[] = [];

  const perWeekday = new Array<number>(7).fill(0);
  for (const day of days) perWeekday[dayOfWeek(day)]!++;
  const weeklyPossible = perWeekday.every((count) => count >= WEEKLY_MIN_PER_WEEKDAY);
  const weekly = options.weekly !== false && weeklyPossible;
  if (options.weekly !== false && !weeklyPossible) notes.push(`no weekly component: fewer than ${WEEKLY_MIN_PER_WEEKDAY} observations of some weekday (about 3 weeks of data are needed)`);

  const span = days.at(-1)! - days[0]! + 1;
  const yearlyPossible = span >= YEARLY_MIN_SPAN_DAYS;
  const yearly = options.yearly !== false && yearlyPossible;
  if (options.yearly === true && !yearlyPossible) notes.push(`no yearly component: the dates span ${span} days, it needs at least 2 years (${YEARLY_MIN_SPAN_DAYS})`);

  const parts = decompose({ days, values }, { weekly, yearly });
  const scale = residualScale(parts.residual, values, notes);
  const components = days.map((day, i) => {
    const [trend, weeklyPart, yearlyPart] = [parts.trend[i]!, parts.weekly[i]!, parts.yearly[i]!];
    return { date: formatDay(day), value: values[i]!, expected: trend + weeklyPart + yearlyPart, trend, weekly: weeklyPart, yearly: yearlyPart, residual: parts.residual[i]! };
  });

  if (days.length < minHistory) {
    notes.push(`only ${days.length} observed days, fewer than minHistory (${minHistory}): nothing is flagged`);
    return { points: [], components, scale, seasonality: { weekly, yearly }, notes };
  }
  const points: Anomaly[] = [];
  for (const row of components) {
    const score = row.residual / scale;
    if (Math.abs(score) <= threshold) continue;
    const band = threshold * scale;
    points.push({ date: row.date, value: row.value, expected: row.expected, lower: row.expected - band, upper: row.expected + band, score, direction: score > 0 ? "high" : "low" });
  }
  return { points, components, scale, seasonality: { weekly, yearly }, notes };
}
