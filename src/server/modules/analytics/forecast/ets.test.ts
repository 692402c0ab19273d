import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { etsAnalyticVariance, etsFilter, etsPointForecast, etsSimulatedIntervals, parseEtsName, type EtsSpec } from "./ets";
import { candidateModels, fitEts, heuristicInitialStates, informationCriteria } from "./ets-fit";
import { nelderMead } from "./nelder-mead";

const airPassengers: number[] = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "samples/air-passengers.json"), "utf8"))[0].values;
const spec = (name: string): EtsSpec => parseEtsName(name)!;

describe("ETS likelihood", () => {
  it("is n·log(SSE) for additive errors (hand-computed ETS(A,N,N))", () => {
    // ℓ0 = 10, α = ½: μ = 10, 11, 11; errors 2, 0, 2; SSE = 8.
    const run = etsFilter(spec("ETS(A,N,N)"), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { level: 10, trend: 0, season: [] }, [12, 11, 13], 0);
    expect(run.fitted).toEqual([10, 11, 11]);
    expect(run.lik).toBeCloseTo(3 * Math.log(8), 12);
    expect(run.final.level).toBe(12);
  });

  it("adds 2·Σlog|μ| to n·log(Σε²) for multiplicative errors (hand-computed ETS(M,N,N))", () => {
    // Same path as above; ε = 2/10, 0, 2/11.
    const run = etsFilter(spec("ETS(M,N,N)"), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, { level: 10, trend: 0, season: [] }, [12, 11, 13], 0);
    expect(run.residuals[2]).toBeCloseTo(2 / 11, 12);
    expect(run.lik).toBeCloseTo(3 * Math.log(0.04 + 4 / 121) + 2 * (Math.log(10) + 2 * Math.log(11)), 12);
  });

  it("computes AIC, AICc and BIC with the parameter count (known values)", () => {
    const criteria = informationCriteria(20, 3, 10);
    expect(criteria).toEqual({ loglik: -10, aic: 26, aicc: 30, bic: 20 + 3 * Math.log(10) });
    expect(informationCriteria(20, 9, 10).aicc).toBe(Infinity);
  });

  it("reproduces R's published AIC for AirPassengers at R's published ETS(M,Ad,M) estimates", () => {
    // forecast::ets(AirPassengers): α .7096, β .0204, γ 1e-4, φ .98, ℓ0 120.9939, b0 1.7705,
    // s (most recent first) as below; AIC 1395.166 with 18 parameters, σ 0.0392.
    const season = [0.8944, 0.7993, 0.9217, 1.0592, 1.2203, 1.2318, 1.1105, 0.9786, 0.9804, 1.011, 0.8869, 0.9059].reverse();
    const run = etsFilter(spec("ETS(M,Ad,M)"), { alpha: 0.7096, beta: 0.0204, gamma: 1e-4, phi: 0.98 }, { level: 120.9939, trend: 1.7705, season }, airPassengers, 0);
    expect(informationCriteria(run.lik, 18, 144).aic).toBeCloseTo(1395.166, 1);
    expect(Math.sqrt(run.residuals.reduce((a, e) => a + e * e, 0) / (144 - 17))).toBeCloseTo(0.0392, 4);
  });

  it("fits AirPassengers' ETS(M,Ad,M) at least as well as R's published optimum", () => {
    const fit = fitEts(airPassengers, 12, spec("ETS(M,Ad,M)"))!;
    expect(fit.parameterCount).toBe(18);
    expect(fit.aic).toBeLessThan(1395.2);
    // Far below would mean a different likelihood, not a better optimum.
    expect(fit.aic).toBeGreaterThan(1390);
    expect(fit.params.phi).toBeLessThanOrEqual(0.98);
    expect(fit.params.beta).toBeLessThanOrEqual(fit.params.alpha);
  });
});

describe("ETS forecasts", () => {
  it("damps the trend: ℓ + (φ + … + φ^h)·b", () => {
    const mean = etsPointForecast(spec("ETS(A,Ad,N)"), { alpha: 0.5, beta: 0.1, gamma: 0, phi: 0.9 }, { level: 10, trend: 1, season: [] }, 2);
    expect(mean[0]).toBeCloseTo(10.9, 12);
    expect(mean[1]).toBeCloseTo(11.71, 12);
  });

  it("gives class 1 variances σ²(1 + Σc_j²): ETS(A,N,N) is σ²(1 + (h−1)α²)", () => {
    const variance = etsAnalyticVariance(spec("ETS(A,N,N)"), { alpha: 0.3, beta: 0, gamma: 0, phi: 1 }, [5, 5, 5, 5], 2, 1);
    expect(variance.map((v) => Number(v.toFixed(10)))).toEqual([2, 2 * 1.09, 2 * 1.18, 2 * 1.27]);
  });

  it("gives class 2 variances (1+σ²)θ_h − μ_h²: ETS(M,N,N) at h = 1 is σ²μ², at h = 2 adds σ²α²μ²(1+σ²)", () => {
    const [v1, v2] = etsAnalyticVariance(spec("ETS(M,N,N)"), { alpha: 0.5, beta: 0, gamma: 0, phi: 1 }, [10, 10], 0.01, 1);
    expect(v1).toBeCloseTo(0.01 * 100, 12);
    expect(v2).toBeCloseTo(1.01 * (100 + 0.01 * 0.25 * 100) - 100, 12);
  });

  it("simulates class 3 intervals reproducibly from the seed, and agrees with the analytic ones where both apply", () => {
    const params = { alpha: 0.4, beta: 0, gamma: 0, phi: 1 };
    const states = { level: 100, trend: 0, season: [] };
    const a = etsSimulatedIntervals(spec("ETS(A,N,N)"), params, states, 4, 3, 5000, 7);
    expect(etsSimulatedIntervals(spec("ETS(A,N,N)"), params, states, 4, 3, 5000, 7)).toEqual(a);
    const sd3 = Math.sqrt(etsAnalyticVariance(spec("ETS(A,N,N)"), params, [100, 100, 100], 4, 1)[2]!);
    expect(a.hi95[2]! - 100).toBeCloseTo(1.96 * sd3, 0);
  });
});

describe("ETS fitting", () => {
  it("starts from the classical decomposition: exact seasonal indices on a trend-free seasonal series", () => {
    const pattern = [5, -3, 1, -3];
    const values = Array.from({ length: 12 }, (_, t) => 50 + pattern[t % 4]!);
    const states = heuristicInitialStates(values, "N", "A", 4);
    expect(states.season.map((s) => Number(s.toFixed(10)))).toEqual(pattern);
    expect(states.level).toBeCloseTo(50, 10);
  });

  it("offers ets()'s default model set: 15 for positive seasonal data, 6 with zeros, 6 non-seasonal", () => {
    const positive = airPassengers;
    expect(candidateModels(positive, 12)).toHaveLength(15);
    expect(candidateModels(positive, 12).some((m) => m.error === "A" && m.season === "M")).toBe(false);
    expect(candidateModels([0, ...positive], 12)).toHaveLength(6);
    expect(candidateModels(positive, 1)).toHaveLength(6);
    expect(candidateModels(positive.slice(0, 23), 12).every((m) => m.season === "N")).toBe(true);
  });

  it("minimises with Nelder–Mead (Rosenbrock's valley)", () => {
    const rosenbrock = ([x, y]: readonly number[]) => 100 * (y! - x! ** 2) ** 2 + (1 - x!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { step: [0.1, 0.1], maxEvaluations: 5000, tolerance: 1e-14 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });
});
