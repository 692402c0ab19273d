/**
 * ETS state-space models (Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing", 2008):
 * the recursions, the concentrated likelihood and the forecasts of one model with given parameters.
 * Fitting and selection are in ets-fit.ts.
 *
 * Written with the raw one-step error r = y − μ, the state updates are the same for additive and
 * multiplicative errors (α·μ·ε = α·r); the error type changes only the likelihood and the
 * forecast distribution.
 */
import { normalSampler, seededRandom } from "./random";
import { normalIntervals, quantileSorted, type Intervals } from "./stats";

export type ErrorType = "A" | "M";
export type TrendType = "N" | "A" | "Ad";
export type SeasonType = "N" | "A" | "M";
export type EtsSpec = { error: ErrorType; trend: TrendType; season: SeasonType };

/** Smoothing parameters: β, γ are 0 and φ is 1 where the model has no such component (φ is 1 for an undamped trend). */
export type EtsParams = { alpha: number; beta: number; gamma: number; phi: number };

/** States at one time: level, trend (0 without one), and the last `frequency` seasonal states, oldest first. */
export type EtsStates = { level: number; trend: number; season: number[] };

export function etsName(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

export function parseEtsName(name: string): EtsSpec | null {
  const match = /^ETS\(([AM]),(N|A|Ad),([NAM])\)$/.exec(name.replace(/\s+/g, ""));
  if (!match) return null;
  return { error: match[1] as ErrorType, trend: match[2] as TrendType, season: match[3] as SeasonType };
}

/**
 * Class 1 (additive error, linear) and class 2 (multiplicative error, linear states) have analytic
 * forecast variances; class 3 (multiplicative seasonality) is simulated.
 */
export function hasAnalyticVariance(spec: EtsSpec): boolean {
  return spec.season !== "M";
}

export type FilterResult = {
  /** The concentrated −2·log-likelihood without constants: n·log Σe² (+ 2·Σ log|μ| for multiplicative errors). */
  lik: number;
  /** e_t: y − μ for additive errors, (y − μ)/μ for multiplicative ones. */
  residuals: number[];
  fitted: number[];
  final: EtsStates;
};

/**
 * Runs the model over `values` from the initial states. Returns Infinity as `lik` where the
 * recursion leaves the model's domain (a non-positive μ with multiplicative error, a non-positive
 * level or seasonal state with multiplicative seasonality). `sseFloor` keeps log Σe² finite on a
 * series the model fits exactly.
 */
export function etsFilter(spec: EtsSpec, params: EtsParams, initial: EtsStates, values: readonly number[], sseFloor: number, keep = true): FilterResult {
  const m = initial.season.length || 1;
  const seasonal = spec.season !== "N";
  // The model's switches, read once: this loop is the optimiser's objective.
  const additiveSeason = spec.season === "A";
  const multiplicativeSeason = spec.season === "M";
  const multiplicativeError = spec.error === "M";
  const buffer = Float64Array.from(seasonal ? initial.season : [0]);
  const { alpha, beta, gamma, phi } = params;
  let level = initial.level;
  let trend = initial.trend;
  let sse = 0;
  let sumLog = 0;
  const residuals: number[] = [];
  const fitted: number[] = [];
  const n = values.length;
  const invalid = { lik: Infinity, residuals, fitted, final: initial };

  for (let t = 0; t < n; t++) {
    const slot = t % m;
    const s = seasonal ? buffer[slot]! : 0;
    const base = level + phi * trend;
    const mu = additiveSeason ? base + s : multiplicativeSeason ? base * s : base;
    const r = values[t]! - mu;
    let e = r;
    if (multiplicativeError) {
      if (!(mu > 1e-10)) return invalid;
      e = r / mu;
      sumLog += Math.log(mu);
    }
    sse += e * e;
    if (keep) {
      residuals.push(e);
      fitted.push(mu);
    }
    if (multiplicativeSeason) {
      if (!(base > 0 && s > 0)) return invalid;
      level = base + (alpha * r) / s;
      trend = phi * trend + (beta * r) / s;
      buffer[slot] = s + (gamma * r) / base;
    } else {
      level = base + alpha * r;
      trend = phi * trend + beta * r;
      if (seasonal) buffer[slot] = s + gamma * r;
    }
  }
  const lik = n * Math.log(Math.max(sse, sseFloor)) + 2 * sumLog;
  const season = seasonal ? Array.from({ length: m }, (_, k) => buffer[(n + k) % m]!) : [];
  return { lik, residuals, fitted, final: { level, trend: spec.trend === "N" ? 0 : trend, season } };
}

/** Point forecasts: the recursion run on with zero errors. */
export function etsPointForecast(spec: EtsSpec, params: EtsParams, last: EtsStates, horizon: number): number[] {
  const m = last.season.length;
  const mean: number[] = [];
  let damping = 0;
  for (let h = 1; h <= horizon; h++) {
    damping += params.phi ** h;
    const base = last.level + damping * last.trend;
    const s = m > 0 ? last.season[(h - 1) % m]! : 0;
    mean.push(spec.season === "A" ? base + s : spec.season === "M" ? base * s : base);
  }
  return mean;
}

/** c_j = w′F^(j−1)g of the linear models, in closed form (Hyndman et al. 2008, table 6.1). */
function impulseWeight(spec: EtsSpec, params: EtsParams, j: number, m: number): number {
  let weight = params.alpha;
  if (spec.trend === "A") weight += params.beta * j;
  if (spec.trend === "Ad") weight += (params.beta * params.phi * (1 - params.phi ** j)) / (1 - params.phi);
  if (spec.season === "A" && j % m === 0) weight += params.gamma;
  return weight;
}

/**
 * Forecast variances of the class 1 and 2 models: σ²(1 + Σ c_j²) for additive errors; for
 * multiplicative errors v_h = (1 + σ²)θ_h − μ_h² with θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}
 * (Hyndman et al. 2008, §6.3).
 */
export function etsAnalyticVariance(spec: EtsSpec, params: EtsParams, mean: readonly number[], sigma2: number, m: number): number[] {
  const horizon = mean.length;
  const c2 = Array.from({ length: horizon }, (_, j) => impulseWeight(spec, params, j, m) ** 2);
  if (spec.error === "A") {
    const variance: number[] = [];
    let sum = 1;
    for (let h = 1; h <= horizon; h++) {
      if (h > 1) sum += c2[h - 1]!;
      variance.push(sigma2 * sum);
    }
    return variance;
  }
  const theta: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    let sum = 0;
    for (let j = 1; j < h; j++) sum += c2[j]! * theta[h - j - 1]!;
    theta.push(mean[h - 1]! ** 2 + sigma2 * sum);
  }
  return theta.map((th, i) => (1 + sigma2) * th - mean[i]! ** 2);
}

/** Intervals of the class 3 models: quantiles of simulated future paths, errors N(0, σ²) from a seeded generator. */
export function etsSimulatedIntervals(spec: EtsSpec, params: EtsParams, last: EtsStates, sigma2: number, horizon: number, paths: number, seed: number): Intervals {
  const draw = normalSampler(seededRandom(seed));
  const sigma = Math.sqrt(sigma2);
  const m = last.season.length;
  const byStep = Array.from({ length: horizon }, () => new Float64Array(paths));
  const { alpha, beta, gamma, phi } = params;
  for (let p = 0; p < paths; p++) {
    let level = last.level;
    let trend = last.trend;
    const season = last.season.slice();
    for (let h = 0; h < horizon; h++) {
      const slot = m > 0 ? h % m : 0;
      const s = m > 0 ? season[slot]! : 0;
      const base = level + phi * trend;
      const mu = spec.season === "A" ? base + s : spec.season === "M" ? base * s : base;
      const e = sigma * draw();
      const y = spec.error === "A" ? mu + e : mu * (1 + e);
      const r = y - mu;
      byStep[h]![p] = y;
      if (spec.season === "M") {
        level = base + (alpha * r) / s;
        trend = phi * trend + (beta * r) / s;
        season[slot] = s + (gamma * r) / base;
      } else {
        level = base + alpha * r;
        trend = phi * trend + beta * r;
        if (m > 0) season[slot] = s + gamma * r;
      }
    }
  }
  const intervals: Intervals = { lo80: [], hi80: [], lo95: [], hi95: [] };
  for (const draws of byStep) {
    draws.sort();
    intervals.lo95.push(quantileSorted(draws, 0.025));
    intervals.lo80.push(quantileSorted(draws, 0.1));
    intervals.hi80.push(quantileSorted(draws, 0.9));
    intervals.hi95.push(quantileSorted(draws, 0.975));
  }
  return intervals;
}

export function etsIntervals(spec: EtsSpec, params: EtsParams, last: EtsStates, mean: readonly number[], sigma2: number, simulation: { paths: number; seed: number }): Intervals {
  if (hasAnalyticVariance(spec)) {
    const variance = etsAnalyticVariance(spec, params, mean, sigma2, Math.max(1, last.season.length));
    return normalIntervals(mean, variance.map((v) => Math.sqrt(Math.max(0, v))));
  }
  return etsSimulatedIntervals(spec, params, last, sigma2, mean.length, simulation.paths, simulation.seed);
}
