/**
 * Fitting ETS models by maximum likelihood (Nelder–Mead over the smoothing parameters and the
 * initial states together, as R's forecast::ets does) and choosing one by AICc.
 */
import { etsFilter, etsName, type EtsParams, type EtsSpec, type EtsStates, type ErrorType, type SeasonType, type TrendType } from "./ets";
import { nelderMead } from "./nelder-mead";

/** The usual region: 1e-4 ≤ α ≤ 0.9999, β ≤ α, γ ≤ 1 − α; damping within [0.8, 0.98]. */
export const BOUNDS = { smoothingLow: 1e-4, smoothingHigh: 0.9999, phiLow: 0.8, phiHigh: 0.98 } as const;

/** Longest seasonal period fitted (as ets()): a longer one makes the state vector too large for the likelihood. */
export const MAX_SEASONAL_PERIOD = 24;

export type EtsFit = {
  spec: EtsSpec;
  method: string;
  params: EtsParams;
  /** States before the first observation (the estimated initial states) and after the last one. */
  initial: EtsStates;
  final: EtsStates;
  /** Free parameters + 1 (σ²): the count in AIC, AICc and BIC. */
  parameterCount: number;
  /** −½ of the concentrated −2·log-likelihood (R's ets `loglik`: constants left out). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Σe²/(n − free parameters), e being the model's residuals (relative ones for multiplicative errors), as ets(). */
  sigma2: number;
  residuals: number[];
  fitted: number[];
};

/** How many values a model needs: ets() skips a model unless n > free parameters + 4. */
export function freeParameterCount(spec: EtsSpec, frequency: number): number {
  const smoothing = 1 + (spec.trend === "N" ? 0 : 1) + (spec.season === "N" ? 0 : 1) + (spec.trend === "Ad" ? 1 : 0);
  const states = 1 + (spec.trend === "N" ? 0 : 1) + (spec.season === "N" ? 0 : frequency - 1);
  return smoothing + states;
}

export function informationCriteria(lik: number, parameterCount: number, n: number) {
  const aic = lik + 2 * parameterCount;
  const denominator = n - parameterCount - 1;
  return {
    loglik: -0.5 * lik,
    aic,
    aicc: denominator > 0 ? aic + (2 * parameterCount * (parameterCount + 1)) / denominator : Infinity,
    bic: lik + Math.log(n) * parameterCount,
  };
}

/** Centred moving average of order m (2×m for even m); undefined where the window does not fit. */
function centredMovingAverage(values: readonly number[], m: number): (number | undefined)[] {
  const half = Math.floor(m / 2);
  return values.map((_, t) => {
    if (t - half < 0 || t + half >= values.length) return undefined;
    let sum = 0;
    if (m % 2 === 1) {
      for (let k = t - half; k <= t + half; k++) sum += values[k]!;
      return sum / m;
    }
    for (let k = t - half + 1; k < t + half; k++) sum += values[k]!;
    return (sum + (values[t - half]! + values[t + half]!) / 2) / m;
  });
}

/**
 * Starting states by the classical decomposition heuristic (Hyndman et al. 2008, §2.6.1): seasonal
 * indices from a decomposition of the first three seasons (two at least), then level and trend
 * from a straight line through the first max(10, 2m) seasonally adjusted values.
 */
export function heuristicInitialStates(values: readonly number[], trend: TrendType, season: SeasonType, m: number): EtsStates {
  let adjusted = values.slice();
  let seasonIndices: number[] = [];
  if (season !== "N") {
    const head = values.slice(0, Math.min(values.length, 3 * m));
    const movingAverage = centredMovingAverage(head, m);
    const sums = new Array<number>(m).fill(0);
    const counts = new Array<number>(m).fill(0);
    head.forEach((value, t) => {
      const level = movingAverage[t];
      if (level === undefined) return;
      sums[t % m]! += season === "A" ? value - level : value / level;
      counts[t % m]!++;
    });
    const raw = sums.map((sum, k) => sum / counts[k]!);
    const centre = raw.reduce((a, b) => a + b, 0) / m;
    seasonIndices = season === "A" ? raw.map((s) => s - centre) : raw.map((s) => Math.max(s / centre, 1e-2));
    if (season === "M") {
      // Keep Σs = m after the floor so the derived last state stays consistent.
      const total = seasonIndices.reduce((a, b) => a + b, 0);
      seasonIndices = seasonIndices.map((s) => (s * m) / total);
    }
    adjusted = values.map((value, t) => (season === "A" ? value - seasonIndices[t % m]! : value / seasonIndices[t % m]!));
  }
  const count = Math.min(Math.max(10, 2 * m), adjusted.length);
  const head = adjusted.slice(0, count);
  if (trend === "N") return { level: head.reduce((a, b) => a + b, 0) / count, trend: 0, season: seasonIndices };
  // Least squares on t = 1..count; the intercept is the level at t = 0, before the first value.
  const meanT = (count + 1) / 2;
  const meanY = head.reduce((a, b) => a + b, 0) / count;
  let sxy = 0;
  let sxx = 0;
  head.forEach((y, i) => {
    sxy += (i + 1 - meanT) * (y - meanY);
    sxx += (i + 1 - meanT) ** 2;
  });
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { level: meanY - slope * meanT, trend: slope, season: seasonIndices };
}

type Layout = { spec: EtsSpec; m: number };

/** The optimiser's vector: α, [β], [γ], [φ], ℓ0, [b0], s(1−m)…s(−1) less the last one, which normalisation fixes. */
function pack({ spec, m }: Layout, params: EtsParams, states: EtsStates): number[] {
  const x = [params.alpha];
  if (spec.trend !== "N") x.push(params.beta);
  if (spec.season !== "N") x.push(params.gamma);
  if (spec.trend === "Ad") x.push(params.phi);
  x.push(states.level);
  if (spec.trend !== "N") x.push(states.trend);
  if (spec.season !== "N") x.push(...states.season.slice(0, m - 1));
  return x;
}

function unpack({ spec, m }: Layout, x: readonly number[]): { params: EtsParams; states: EtsStates } {
  let i = 0;
  const alpha = x[i++]!;
  const beta = spec.trend !== "N" ? x[i++]! : 0;
  const gamma = spec.season !== "N" ? x[i++]! : 0;
  const phi = spec.trend === "Ad" ? x[i++]! : 1;
  const level = x[i++]!;
  const trend = spec.trend !== "N" ? x[i++]! : 0;
  let season: number[] = [];
  if (spec.season !== "N") {
    season = x.slice(i, i + m - 1);
    const sum = season.reduce((a, b) => a + b, 0);
    season.push(spec.season === "A" ? -sum : m - sum);
  }
  return { params: { alpha, beta, gamma, phi }, states: { level, trend, season } };
}

function withinBounds(spec: EtsSpec, params: EtsParams, states: EtsStates): boolean {
  const { smoothingLow: low, smoothingHigh: high, phiLow, phiHigh } = BOUNDS;
  if (params.alpha < low || params.alpha > high) return false;
  if (spec.trend !== "N" && (params.beta < low || params.beta > params.alpha)) return false;
  if (spec.season !== "N" && (params.gamma < low || params.gamma > 1 - params.alpha)) return false;
  if (spec.trend === "Ad" && (params.phi < phiLow || params.phi > phiHigh)) return false;
  if (spec.season === "M" && states.season.some((s) => s <= 0)) return false;
  return true;
}

/** Where the search starts: ets()'s default starting values, and the heuristic states. */
function startingParams(spec: EtsSpec, m: number, alphaStart?: number): EtsParams {
  const { smoothingLow: low, smoothingHigh: high, phiLow, phiHigh } = BOUNDS;
  const alpha = alphaStart ?? low + (0.2 * (high - low)) / m;
  return {
    alpha,
    beta: spec.trend === "N" ? 0 : low + 0.1 * (alpha - low),
    gamma: spec.season === "N" ? 0 : low + 0.05 * (1 - alpha - low),
    phi: spec.trend === "Ad" ? phiLow + 0.99 * (phiHigh - phiLow) : 1,
  };
}

function simplexSteps(layout: Layout, start: readonly number[], scale: number): number[] {
  const { spec } = layout;
  const steps: number[] = [0.1];
  // β lives in [1e-4, α]: step into the room left, downwards when β is at α (a zero step would flatten the simplex).
  if (spec.trend !== "N") steps.push(start[0]! - start[1]! > 1e-3 ? (start[0]! - start[1]!) / 2 : -start[1]! / 2);
  if (spec.season !== "N") steps.push(0.1 * (1 - start[0]!));
  if (spec.trend === "Ad") steps.push(-0.05);
  steps.push(0.1 * scale);
  if (spec.trend !== "N") steps.push(0.01 * scale);
  const seasonal = spec.season === "A" ? 0.1 * scale : 0.05;
  while (steps.length < start.length) steps.push(seasonal);
  return steps;
}

const RESTARTS = 6;
const EVALUATIONS_PER_START = 1000;
// The likelihood has several local optima (γ near 0 with well-fitted initial seasonal states, or a
// larger γ): a short search from a few values of α, then restarts from the best, finds the better one.
const ALPHA_STARTS = [0.2, 0.5];
const EVALUATIONS_PER_RUN = 3000;

/**
 * Maximum likelihood fit of one model. Nelder–Mead is restarted from its best point while that
 * still improves the likelihood (one run often stalls with 15–30 parameters). Returns null when
 * the series is too short for the model or no valid starting point exists.
 */
export function fitEts(values: readonly number[], frequency: number, spec: EtsSpec): EtsFit | null {
  const n = values.length;
  const m = spec.season === "N" ? 1 : frequency;
  const free = freeParameterCount(spec, m);
  if (n <= free + 4) return null;
  const layout: Layout = { spec, m };
  const scale = values.reduce((a, v) => a + Math.abs(v), 0) / n || 1;
  // Keeps log Σe² finite on an exact fit, at the same relative size for both error types.
  const sseFloor = spec.error === "A" ? n * (1e-10 * scale) ** 2 : n * 1e-20;
  const objective = (x: readonly number[]) => {
    const { params, states } = unpack(layout, x);
    if (!withinBounds(spec, params, states)) return Infinity;
    return etsFilter(spec, params, states, values, sseFloor, false).lik;
  };

  const initialStates = heuristicInitialStates(values, spec.trend, spec.season, m);
  let x: number[] = [];
  let value = Infinity;
  const defaultAlpha = startingParams(spec, m).alpha;
  const alphaStarts = [defaultAlpha, ...ALPHA_STARTS.filter((alpha) => Math.abs(alpha - defaultAlpha) > 0.01)];
  for (const alphaStart of alphaStarts) {
    const start = pack(layout, startingParams(spec, m, alphaStart), initialStates);
    if (!Number.isFinite(objective(start))) continue;
    const result = nelderMead(objective, start, { step: simplexSteps(layout, start, scale), maxEvaluations: EVALUATIONS_PER_START });
    if (result.value < value) {
      x = result.x;
      value = result.value;
    }
  }
  if (!Number.isFinite(value)) return null;
  for (let run = 0; run < RESTARTS; run++) {
    const result = nelderMead(objective, x, { step: simplexSteps(layout, x, scale), maxEvaluations: EVALUATIONS_PER_RUN });
    const improvement = value - result.value;
    if (result.value <= value) {
      x = result.x;
      value = result.value;
    }
    if (improvement < 1e-6 * (Math.abs(value) + 1)) break;
  }

  const { params, states } = unpack(layout, x);
  const run = etsFilter(spec, params, states, values, sseFloor);
  const parameterCount = free + 1;
  const sse = run.residuals.reduce((a, e) => a + e * e, 0);
  return {
    spec,
    method: etsName(spec),
    params,
    initial: states,
    final: run.final,
    parameterCount,
    ...informationCriteria(run.lik, parameterCount, n),
    sigma2: sse / (n - free),
    residuals: run.residuals,
    fitted: run.fitted,
  };
}

/**
 * ets()'s default candidate set: no multiplicative trend, no additive error with multiplicative
 * seasonality (unstable), multiplicative parts only for strictly positive data, seasonal models only
 * with a period of 2–24 and at least two full seasons of data.
 */
export function candidateModels(values: readonly number[], frequency: number): EtsSpec[] {
  const positive = values.every((v) => v > 0);
  const seasonal = frequency > 1 && frequency <= MAX_SEASONAL_PERIOD && values.length >= 2 * frequency;
  const errors: ErrorType[] = positive ? ["A", "M"] : ["A"];
  const trends: TrendType[] = ["N", "A", "Ad"];
  const seasons: SeasonType[] = !seasonal ? ["N"] : positive ? ["N", "A", "M"] : ["N", "A"];
  return errors.flatMap((error) => trends.flatMap((trend) => seasons.filter((season) => !(error === "A" && season === "M")).map((season) => ({ error, trend, season }))));
}

/** Fits every candidate and keeps the lowest AICc; null when none can be fitted. */
export function selectEts(values: readonly number[], frequency: number, candidates = candidateModels(values, frequency)): { best: EtsFit; fitted: EtsFit[] } | null {
  const fitted = candidates.flatMap((spec) => fitEts(values, frequency, spec) ?? []);
  const finite = fitted.filter((fit) => Number.isFinite(fit.aicc));
  if (finite.length === 0) return null;
  const best = finite.reduce((a, b) => (b.aicc < a.aicc ? b : a));
  return { best, fitted };
}
