import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { drift, seasonalNaive } from "./baselines";
import { forecast, ForecastInputError, type Forecast } from "./forecast";

const sample = (file: string): { values: number[]; frequency: number } => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "samples", file), "utf8"))[0];
const airPassengers = sample("air-passengers.json");
const usDeaths = sample("us-accidental-deaths.json");
const width95 = (result: Forecast) => result.hi95.map((hi, i) => hi - result.lo95[i]!);

describe("forecast", () => {
  it("forecasts a pure seasonal series exactly, with ETS and with seasonal naive", () => {
    const pattern = [20, 35, 50, 30, 25, 10, 15];
    const values = Array.from({ length: 8 * 7 }, (_, t) => pattern[t % 7]!);
    const expected = Array.from({ length: 14 }, (_, h) => pattern[h % 7]!);
    const auto = forecast({ values, frequency: 7 }, 14);
    expect(auto.method).toMatch(/^ETS\(.,.+,[AM]\)$/);
    auto.mean.forEach((value, h) => expect(value).toBeCloseTo(expected[h]!, 6));
    expect(forecast({ values, frequency: 7 }, 14, { method: "snaive" }).mean).toEqual(expected);
  });

  it("selects a multiplicative-error, multiplicative-seasonal model for AirPassengers, as R's ets() does, with an AICc no worse than R's", () => {
    const result = forecast(airPassengers, 24);
    expect(result.method).toMatch(/^ETS\(M,A[d]?,M\)$/);
    // R: ETS(M,Ad,M), AICc 1400.638.
    expect(result.fit!.aicc).toBeLessThan(1400.64);
    expect(result.fit!.candidates).toHaveLength(15);
    // The forecast goes on up (1960: 5,714 passengers), with the summer peak in July.
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(total(result.mean.slice(0, 12))).toBeGreaterThan(total(airPassengers.values.slice(-12)));
    expect(Math.max(...result.mean.slice(0, 12))).toBe(result.mean[6]);
  });

  it("widens its intervals with the horizon: analytic (classes 1 and 2), simulated (class 3) and the baselines", () => {
    for (const model of ["ETS(A,A,A)", "ETS(M,A,N)"]) {
      const widths = width95(forecast(usDeaths, 24, { model }));
      for (let h = 1; h < 24; h++) expect(widths[h]!, `${model} h=${h + 1}`).toBeGreaterThanOrEqual(widths[h - 1]! - 1e-9);
      expect(widths[23]!).toBeGreaterThan(widths[0]!);
    }
    // Multiplicative seasonality scales the width by the season: compare the same month a year later.
    const simulated = forecast(airPassengers, 36, { model: "ETS(M,A,M)" });
    const widths = width95(simulated);
    for (let h = 0; h < 24; h++) expect(widths[h + 12]!, `h=${h + 1}`).toBeGreaterThan(widths[h]!);
    simulated.mean.forEach((mean, h) => {
      expect(simulated.lo95[h]!).toBeLessThan(simulated.lo80[h]!);
      expect(simulated.lo80[h]!).toBeLessThan(mean);
      expect(simulated.hi80[h]!).toBeGreaterThan(mean);
      expect(simulated.hi95[h]!).toBeGreaterThan(simulated.hi80[h]!);
    });
    for (const method of ["snaive", "drift"] as const) {
      const baseline = width95(forecast(usDeaths, 24, { method }));
      expect(baseline[23]!).toBeGreaterThan(baseline[0]!);
    }
  });

  it("computes the baselines' standard forecasts and intervals", () => {
    const snaive = seasonalNaive([1, 2, 3, 2, 4, 5], 3, 4);
    expect(snaive.mean).toEqual([2, 4, 5, 2]);
    // Seasonal differences 1, 2, 2: σ = √3; one season ahead, then √2·σ.
    expect(snaive.sigma).toBeCloseTo(Math.sqrt(3), 12);
    expect(snaive.hi95[3]! - snaive.mean[3]!).toBeCloseTo(1.959964 * Math.sqrt(3) * Math.sqrt(2), 5);
    const line = drift([10, 12, 13, 16], 2);
    expect(line.mean).toEqual([18, 20]);
    // Differences 2, 1, 3 less the drift 2: Σ = 2 over n − 2 = 2 → σ = 1; sd₁ = √(1·(1 + 1/3)).
    expect(line.hi80[0]! - 18).toBeCloseTo(1.281552 * Math.sqrt(4 / 3), 5);
  });
});

describe("forecast on awkward series", () => {
  it("refuses missing values, naming the first", () => {
    expect(() => forecast({ values: [1, 2, Number.NaN, 4], frequency: 1 }, 3)).toThrow(new ForecastInputError("values[2] is NaN: every value must be a finite number (fill or drop missing values first)"));
    expect(() => forecast({ values: [1, 2, null as unknown as number], frequency: 1 }, 3)).toThrow(/values\[2\] is null/);
    expect(() => forecast({ values: [1, 2, "3" as unknown as number], frequency: 1 }, 3)).toThrow(/values\[2\] is "3"/);
    expect(() => forecast({ values: [1, 2, 3], frequency: 0 }, 3)).toThrow(ForecastInputError);
    expect(() => forecast({ values: [1, 2, 3], frequency: 1 }, 0)).toThrow(/horizon/);
    expect(() => forecast({ values: [1, 2, 3], frequency: 1 }, 1001)).toThrow(/horizon 1001 is over 1000 steps/);
    expect(() => forecast({ values: [1], frequency: 1 }, 3)).toThrow(/at least 2 values/);
  });

  it("leaves seasonal models out with fewer than two full seasons, and says so", () => {
    const result = forecast({ values: usDeaths.values.slice(0, 20), frequency: 12 }, 6);
    expect(result.method).toMatch(/,N\)$/);
    expect(result.notes).toEqual(["fewer than two full seasons (20 values, period 12): non-seasonal ETS models only"]);
    expect(() => forecast({ values: usDeaths.values.slice(0, 20), frequency: 12 }, 6, { model: "ETS(A,N,A)" })).toThrow(/two full seasons/);
  });

  it("falls back to drift, then naive, on very short series with the reason; ets alone refuses", () => {
    const short = forecast({ values: [5, 7, 6, 9], frequency: 1 }, 2);
    expect(short).toMatchObject({ method: "drift", notes: ["only 4 values, too few for ETS: drift"] });
    expect(short.mean).toEqual([9 + 4 / 3, 9 + 8 / 3]);
    expect(forecast({ values: [5, 7], frequency: 1 }, 2)).toMatchObject({ method: "naive", mean: [7, 7] });
    expect(() => forecast({ values: [5, 7, 6, 9], frequency: 1 }, 2, { method: "ets" })).toThrow(/no ETS model/);
  });

  it("forecasts a constant series as that constant with zero-width intervals", () => {
    const result = forecast({ values: new Array(30).fill(42), frequency: 12 }, 3);
    expect(result).toMatchObject({ method: "naive", mean: [42, 42, 42], lo95: [42, 42, 42], hi95: [42, 42, 42] });
    expect(result.notes[0]).toMatch(/constant series/);
  });

  it("uses only additive models on series with zeros, and refuses a multiplicative one", () => {
    const values = usDeaths.values.map((v, t) => (t === 30 ? 0 : v));
    const result = forecast({ values, frequency: 12 }, 12);
    expect(result.method).toMatch(/^ETS\(A,/);
    expect(result.method).not.toMatch(/M\)$/);
    expect(result.notes).toContain("zero or negative values: additive ETS models only");
    expect(() => forecast({ values, frequency: 12 }, 12, { model: "ETS(M,N,A)" })).toThrow(/strictly positive/);
    expect(() => forecast(usDeaths, 12, { model: "ETS(A,N,M)" })).toThrow(/unstable/);
    expect(() => forecast(usDeaths, 12, { model: "ETS(M,M,N)" })).toThrow(/not an ETS model name/);
  });
});
