import { describe, expect, it } from "vitest";
import { normalSampler, seededRandom } from "../forecast/random";
import { dayOfWeek, formatDay, parseDay } from "./dates";
import { AnomalyInputError, detectAnomalies } from "./detect";

const MONDAY = parseDay("2023-01-02")!;
/** Sunday … Saturday: weekends low, the seven add to 0. */
const WEEK = [-120, 44, 44, 44, 44, 44, -100];

type Synthetic = { dates: string[]; values: number[]; truth: number[] };

/** level + slope·t + weekly + yearly sine + noise (seeded): "normal" noise has tails, "uniform" noise (same sd) has none. */
function synthetic(days: number, opts: { seed?: number; sd?: number; noise?: "normal" | "uniform"; level?: number; slope?: number; weekly?: boolean; yearly?: number } = {}): Synthetic {
  const { seed = 1, sd = 20, noise = "normal", level = 1000, slope = 0.3, weekly = true, yearly = 150 } = opts;
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const dates: string[] = [];
  const values: number[] = [];
  const truth: number[] = [];
  for (let t = 0; t < days; t++) {
    const day = MONDAY + t;
    const underlying = level + slope * t + (weekly ? WEEK[dayOfWeek(day)]! : 0) + yearly * Math.sin((2 * Math.PI * t) / 365.25);
    const error = noise === "normal" ? sd * normal() : sd * Math.sqrt(3) * (2 * random() - 1);
    dates.push(formatDay(day));
    truth.push(underlying);
    values.push(underlying + error);
  }
  return { dates, values, truth };
}

/** Spikes and drops of 8–10 sd, on weekdays and weekends, near both ends too. */
const INJECTED = [3, 40, 133, 201, 262, 333, 410, 489, 560, 641, 735, 880, 1006, 1092].map((t, i) => ({ t, delta: (i % 2 === 0 ? 1 : -1) * (8 + (i % 3)) * 20 }));

function inject(series: Synthetic, injected = INJECTED): Synthetic {
  const values = [...series.values];
  for (const { t, delta } of injected) values[t]! += delta;
  return { ...series, values };
}

describe("detectAnomalies", () => {
  const clean = synthetic(1096);
  const dirty = inject(clean);
  const result = detectAnomalies(dirty);

  it("finds every injected spike and drop in 3 years of trend + weekly + yearly + normal noise, with few false positives", () => {
    expect(result.seasonality).toEqual({ weekly: true, yearly: true });
    const found = new Map(result.points.map((point) => [point.date, point]));
    for (const { t, delta } of INJECTED) {
      const point = found.get(dirty.dates[t]!);
      expect(point, `day ${t}`).toBeDefined();
      expect(point!.direction).toBe(delta > 0 ? "high" : "low");
      expect(point!.value < point!.lower || point!.value > point!.upper).toBe(true);
    }
    const falsePositives = result.points.length - INJECTED.length;
    // Normal noise beyond 3.5 robust sd: ≈ 0.05% of days, so 0–2 of 1,096 expected.
    expect(falsePositives).toBeLessThanOrEqual(3);
    expect(result.scale).toBeGreaterThan(18);
    expect(result.scale).toBeLessThan(24);
  });

  it("puts the expected value near the true underlying value, anomalies included (they do not pull the fit)", () => {
    const errors = result.components.map((row, t) => Math.abs(row.expected - clean.truth[t]!));
    const meanError = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(meanError).toBeLessThan(0.4 * 20);
    // Within a week of either end the trend window is one-sided and lags a steep stretch of the yearly sine (README, limits).
    for (const { t } of INJECTED) expect(errors[t]!, `day ${t}`).toBeLessThan(t < 7 || t > 1088 ? 30 : 20);
    // The parts add up.
    for (const row of result.components) expect(row.trend + row.weekly + row.yearly + row.residual).toBeCloseTo(row.value, 6);
  });

  it("draws the band at expected ± threshold·scale, and a higher threshold flags a subset", () => {
    for (const point of result.points) {
      expect(point.upper - point.expected).toBeCloseTo(3.5 * result.scale, 9);
      expect(point.expected - point.lower).toBeCloseTo(3.5 * result.scale, 9);
      expect(point.score).toBeCloseTo((point.value - point.expected) / result.scale, 9);
    }
    const strict = detectAnomalies(dirty, { threshold: 6 }).points.map((point) => point.date);
    const loose = new Set(detectAnomalies(dirty, { threshold: 2.5 }).points.map((point) => point.date));
    expect(strict.length).toBeLessThanOrEqual(result.points.length);
    expect(loose.size).toBeGreaterThan(result.points.length);
    for (const date of strict) expect(loose.has(date)).toBe(true);
  });

  it("recovers the weekly pattern in the weekly component", () => {
    const byWeekday = new Map(result.components.map((row) => [dayOfWeek(parseDay(row.date)!), row.weekly]));
    for (let d = 0; d < 7; d++) expect(Math.abs(byWeekday.get(d)! - WEEK[d]!), `weekday ${d}`).toBeLessThan(6);
  });

  it("flags nothing in a clean seasonal series (bounded noise, so none can lie beyond the threshold)", () => {
    expect(detectAnomalies(synthetic(1096, { noise: "uniform", seed: 2 })).points).toEqual([]);
  });

  it("does not flag the weekly pattern alone (weekends low), with or without noise", () => {
    const exact = synthetic(10 * 7, { sd: 0, slope: 0, yearly: 0 });
    const exactResult = detectAnomalies(exact);
    expect(exactResult.points).toEqual([]);
    exactResult.components.forEach((row, t) => expect(row.expected).toBeCloseTo(exact.truth[t]!, 6));
    const noisy = synthetic(10 * 7, { sd: 5, noise: "uniform", yearly: 0 });
    expect(detectAnomalies(noisy).points).toEqual([]);
    // Without the weekly component the weekends are what stands out.
    const withoutWeekly = detectAnomalies(noisy, { weekly: false }).points;
    expect(withoutWeekly.length).toBeGreaterThan(0);
    expect(withoutWeekly.every((point) => point.direction === "low" && [0, 6].includes(dayOfWeek(parseDay(point.date)!)))).toBe(true);
  });

  it("absorbs a level shift into the trend: at most the days at the step are flagged, the new level is expected within days", () => {
    const base = synthetic(400, { noise: "uniform", slope: 0, yearly: 0, seed: 3 });
    const SHIFT_AT = 200;
    const values = base.values.map((value, t) => (t >= SHIFT_AT ? value + 300 : value));
    const shifted = detectAnomalies({ dates: base.dates, values });
    for (const point of shifted.points) expect(Math.abs(base.dates.indexOf(point.date) - SHIFT_AT), point.date).toBeLessThanOrEqual(3);
    expect(shifted.points.length).toBeLessThanOrEqual(4);
    for (let t = SHIFT_AT + 7; t < 400; t++) expect(Math.abs(shifted.components[t]!.expected - (base.truth[t]! + 300)), `day ${t}`).toBeLessThan(3 * 20);
  });

  it("treats missing days as gaps by default, and as zeros when told", () => {
    const random = seededRandom(4);
    const keep = dirty.dates.map((_, t) => INJECTED.some((injected) => injected.t === t) || ((t < 300 || t > 310) && random() > 0.15));
    const gappy = { dates: dirty.dates.filter((_, t) => keep[t]), values: dirty.values.filter((_, t) => keep[t]) };
    const gapped = detectAnomalies(gappy);
    expect(gapped.components.map((row) => row.date)).toEqual(gappy.dates);
    const found = new Set(gapped.points.map((point) => point.date));
    for (const { t } of INJECTED) expect(found.has(dirty.dates[t]!), `day ${t}`).toBe(true);
    expect(gapped.points.length - INJECTED.length).toBeLessThanOrEqual(3);

    // Zeros: a day absent from a ~1,000-a-day series becomes a drop.
    const withHole = { dates: clean.dates.filter((_, t) => t !== 500), values: clean.values.filter((_, t) => t !== 500) };
    expect(detectAnomalies(withHole).components).toHaveLength(1095);
    const zeros = detectAnomalies(withHole, { missing: "zero" });
    expect(zeros.components).toHaveLength(1096);
    expect(zeros.points.find((point) => point.date === clean.dates[500])).toMatchObject({ value: 0, direction: "low" });
  });

  it("handles a short series: no weekly component below about 3 weeks (said in notes), nothing flagged below minHistory", () => {
    const short = inject(synthetic(16, { noise: "uniform", sd: 5, weekly: false, yearly: 0 }), [{ t: 9, delta: 100 }]);
    const shortResult = detectAnomalies(short, { weekly: true, yearly: true });
    expect(shortResult.seasonality).toEqual({ weekly: false, yearly: false });
    expect(shortResult.notes.join(" ")).toMatch(/no weekly component/);
    expect(shortResult.notes.join(" ")).toMatch(/no yearly component/);
    expect(shortResult.points.map((point) => point.date)).toEqual([short.dates[9]]);

    const tiny = { dates: short.dates.slice(0, 10), values: short.values.slice(0, 10) };
    const tinyResult = detectAnomalies(tiny);
    expect(tinyResult.points).toEqual([]);
    expect(tinyResult.components).toHaveLength(10);
    expect(tinyResult.notes.join(" ")).toMatch(/fewer than minHistory/);
    expect(detectAnomalies(tiny, { minHistory: 7 }).points.map((point) => point.date)).toEqual([short.dates[9]]);
    expect(detectAnomalies({ dates: ["2026-01-01"], values: [5] }).components[0]).toMatchObject({ expected: 5, residual: 0 });
  });

  it("flags nothing in a constant series (scale floor), but still flags a spike on one", () => {
    const dates = synthetic(60).dates;
    const constant = detectAnomalies({ dates, values: dates.map(() => 42) });
    expect(constant.points).toEqual([]);
    expect(constant.notes.join(" ")).toMatch(/scale 0/);
    const spiked = detectAnomalies({ dates, values: dates.map((_, t) => (t === 30 ? 50 : 42)) });
    expect(spiked.points).toMatchObject([{ date: dates[30], value: 50, expected: 42, direction: "high" }]);
    expect(spiked.notes.join(" ")).toMatch(/MAD 0/);
  });

  it("works on negative values (e.g. a net cash flow)", () => {
    const series = inject(synthetic(120, { level: -500, slope: -1, yearly: 0, seed: 5 }), [{ t: 60, delta: -200 }, { t: 90, delta: 200 }]);
    const points = detectAnomalies(series).points;
    expect(points.find((point) => point.date === series.dates[60])).toMatchObject({ direction: "low" });
    expect(points.find((point) => point.date === series.dates[90])).toMatchObject({ direction: "high" });
    expect(points.length).toBeLessThanOrEqual(4);
  });

  it("learns a holiday week that recurs every year in the yearly component", () => {
    const base = synthetic(3 * 365 + 1, { noise: "uniform", yearly: 0, seed: 6 });
    // 20–26 July, every year.
    const holiday = (t: number) => base.dates[t]!.slice(5) >= "07-20" && base.dates[t]!.slice(5) <= "07-26";
    const series = { dates: base.dates, values: base.values.map((value, t) => (holiday(t) ? value - 300 : value)) };
    const holidays = base.dates.filter((_, t) => holiday(t));
    expect(holidays).toHaveLength(21);
    const withYearly = detectAnomalies(series);
    expect(withYearly.seasonality.yearly).toBe(true);
    expect(withYearly.points.filter((point) => holidays.includes(point.date))).toEqual([]);
    const withoutYearly = detectAnomalies(series, { yearly: false });
    expect(withoutYearly.points.filter((point) => holidays.includes(point.date)).length).toBeGreaterThanOrEqual(15);
  });

  it("sorts unsorted dates and refuses what it cannot read", () => {
    const sorted = detectAnomalies({ dates: ["2026-01-03", "2026-01-01", "2026-01-02"], values: [3, 1, 2] });
    expect(sorted.components.map((row) => row.date)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03"]);
    const bad: [unknown, RegExp][] = [
      [{ dates: ["2026-01-01"], values: [1, 2] }, /one value per date/],
      [{ dates: [], values: [] }, /empty/],
      [{ dates: ["2026-02-30"], values: [1] }, /dates\[0\].*YYYY-MM-DD/],
      [{ dates: ["2026-1-5"], values: [1] }, /YYYY-MM-DD/],
      [{ dates: ["2026-01-01", "2026-01-01"], values: [1, 2] }, /appears twice/],
      [{ dates: ["2026-01-01"], values: [Number.NaN] }, /values\[0\]/],
    ];
    for (const [series, message] of bad) expect(() => detectAnomalies(series as Synthetic)).toThrow(message);
    expect(() => detectAnomalies({ dates: ["2026-01-01"], values: [1] }, { threshold: 0 })).toThrow(AnomalyInputError);
    expect(() => detectAnomalies({ dates: ["2026-01-01"], values: [1] }, { minHistory: 1.5 })).toThrow(/minHistory/);
    expect(() => detectAnomalies({ dates: ["2026-01-01"], values: [1] }, { missing: "fill" as "zero" })).toThrow(/missing/);
  });
});
