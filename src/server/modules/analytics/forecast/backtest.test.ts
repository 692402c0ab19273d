import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accuracy, backtest, maseScale } from "./backtest";
import { parseForecastRequests } from "./requests";

const SAMPLES = path.join(import.meta.dirname, "samples");
const samples = fs
  .readdirSync(SAMPLES)
  .filter((file) => file.endsWith(".json"))
  .flatMap((file) => parseForecastRequests(fs.readFileSync(path.join(SAMPLES, file), "utf8"), file));

describe("accuracy measures", () => {
  it("scales MASE by the in-sample seasonal naive MAE and gives sMAPE in percent (hand-computed)", () => {
    // Seasonal differences (m = 2) of 1, 3, 2, 4, 5, 7: 1, 1, 3, 3 → scale 2.
    expect(maseScale([1, 3, 2, 4, 5, 7], 2)).toBe(2);
    // Not longer than one season: lag 1.
    expect(maseScale([1, 3, 2], 4)).toBe(1.5);
    const scores = accuracy([10, 20], [12, 20], 2);
    expect(scores.mase).toBe(0.5);
    expect(scores.smape).toBeCloseTo(((200 * 2) / 22 + 0) / 2, 12);
    expect(accuracy([0], [0], 0)).toEqual({ mase: 0, smape: 0 });
  });

  it("rolls the origin over the last values and refuses a series too short for the request", () => {
    const values = Array.from({ length: 20 }, (_, t) => 10 + t + (t % 4 === 0 ? 3 : 0));
    const result = backtest({ values, frequency: 4 }, { horizon: 4, origins: 3, method: "snaive" });
    expect(result.perOrigin.map((row) => row.trainingLength)).toEqual([14, 15, 16]);
    // The evaluated method is seasonal naive itself: it scores what the baseline scores.
    expect(result.mase).toBe(result.baseline.mase);
    expect(() => backtest({ values: values.slice(0, 6), frequency: 4 }, { horizon: 4, origins: 3 })).toThrow(/need more than 7 values/);
    // A gap in the part held out is refused too, not scored as NaN.
    expect(() => backtest({ values: [...values.slice(0, 19), Number.NaN], frequency: 4 }, { horizon: 4, origins: 3 })).toThrow(/values\[19\] is NaN/);
  });
});

describe("automatic ETS against seasonal naive", () => {
  it("has the lower mean MASE and sMAPE over the sample series (rolling origin)", () => {
    const results = samples.map(({ values, frequency, horizon }) => backtest({ values, frequency }, { horizon, origins: 2 }));
    const mean = (pick: (r: (typeof results)[number]) => number) => results.reduce((sum, r) => sum + pick(r), 0) / results.length;
    expect(results).toHaveLength(7);
    expect(mean((r) => r.mase)).toBeLessThan(mean((r) => r.baseline.mase));
    expect(mean((r) => r.smape)).toBeLessThan(mean((r) => r.baseline.smape));
  });
});
