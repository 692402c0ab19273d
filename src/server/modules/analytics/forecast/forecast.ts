/**
 * forecast(): one entry point over the ETS models and the baselines, with the checks and fallbacks
 * that make it safe on short, constant or non-positive series. See README.md.
 */
import { DomainError } from "../../../platform/errors";
import { drift, naive, seasonalNaive } from "./baselines";
import { etsIntervals, etsName, etsPointForecast, parseEtsName, type EtsParams, type EtsStates } from "./ets";
import { candidateModels, fitEts, freeParameterCount, MAX_SEASONAL_PERIOD, selectEts, type EtsFit } from "./ets-fit";
import type { Intervals } from "./stats";

/** A series that cannot be forecast as given (missing values, a bad frequency or horizon, an impossible model). */
export class ForecastInputError extends DomainError {}

export type Series = { values: readonly number[]; frequency: number };

export const FORECAST_METHODS = ["auto", "ets", "snaive", "drift"] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export type ForecastOptions = {
  /** auto (default): ETS chosen by AICc, drift or naive when the series is too short; ets: ETS only, an error when it cannot be fitted. */
  method?: ForecastMethod;
  /** One ETS model, e.g. "ETS(M,Ad,M)", instead of the selection (implies method ets). */
  model?: string;
  /** Simulated paths for the intervals of multiplicative-seasonal models (default 5,000) and their seed. */
  simulationPaths?: number;
  seed?: number;
};

export type EtsFitSummary = {
  aicc: number;
  aic: number;
  bic: number;
  loglik: number;
  sigma2: number;
  parameterCount: number;
  params: Partial<EtsParams> & { alpha: number };
  states: { initial: EtsStates; final: EtsStates };
  /** Every model the selection fitted, best AICc first (only when the model was selected). */
  candidates?: { method: string; aicc: number }[];
};

export type Forecast = {
  /** "ETS(M,Ad,M)", "snaive", "drift" or "naive". */
  method: string;
  mean: number[];
  fit?: EtsFitSummary;
  /** Why the method differs from the one asked for, or which models were left out. */
  notes: string[];
} & Intervals;

const DEFAULT_PATHS = 5000;
const DEFAULT_SEED = 20261205;
/** ETS(A,N,N), the smallest model, needs n > 2 + 4. */
const SHORTEST_FOR_ETS = 7;
/** Simulated intervals keep paths × horizon values in memory; nothing useful lies that far ahead anyway. */
export const MAX_HORIZON = 1000;

export function checkSeries(series: Series, horizon: number): void {
  if (!Array.isArray(series.values) || series.values.length === 0) throw new ForecastInputError("values must be a non-empty array of numbers");
  series.values.forEach((value, i) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      const shown = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
      throw new ForecastInputError(`values[${i}] is ${shown}: every value must be a finite number (fill or drop missing values first)`);
    }
  });
  if (series.values.length < 2) throw new ForecastInputError(`a forecast needs at least 2 values, got ${series.values.length}`);
  if (!Number.isInteger(series.frequency) || series.frequency < 1) throw new ForecastInputError(`frequency must be a whole number ≥ 1 (the seasonal period, 1 if none), got ${series.frequency}`);
  if (!Number.isInteger(horizon) || horizon < 1) throw new ForecastInputError(`horizon must be a whole number ≥ 1, got ${horizon}`);
  if (horizon > MAX_HORIZON) throw new ForecastInputError(`horizon ${horizon} is over ${MAX_HORIZON} steps: forecast a coarser series instead`);
}

export function forecast(series: Series, horizon: number, options: ForecastOptions = {}): Forecast {
  checkSeries(series, horizon);
  const method = options.model ? "ets" : (options.method ?? "auto");
  if (!FORECAST_METHODS.includes(method)) throw new ForecastInputError(`unknown method ${JSON.stringify(method)} (use ${FORECAST_METHODS.join(", ")})`);
  const { values, frequency } = series;
  const n = values.length;

  if (method === "snaive") {
    if (n <= frequency) return baseline("naive", naive(values, horizon), [`only ${n} values, not more than one season of ${frequency}: naive instead of seasonal naive`]);
    return baseline("snaive", seasonalNaive(values, frequency, horizon), []);
  }
  if (method === "drift") {
    if (n < 3) return baseline("naive", naive(values, horizon), ["only 2 values: naive instead of drift"]);
    return baseline("drift", drift(values, horizon), []);
  }
  if (values.every((value) => value === values[0])) {
    return baseline("naive", naive(values, horizon), ["constant series: nothing for ETS to fit, the forecast is that constant with zero-width intervals"]);
  }

  const simulation = { paths: options.simulationPaths ?? DEFAULT_PATHS, seed: options.seed ?? DEFAULT_SEED };
  if (!Number.isInteger(simulation.paths) || simulation.paths < 100) throw new ForecastInputError(`simulationPaths must be a whole number ≥ 100, got ${simulation.paths}`);
  if (options.model) return etsForecast(fitRequestedModel(values, frequency, options.model), horizon, simulation, []);

  const notes = selectionNotes(values, frequency);
  const selection = n >= SHORTEST_FOR_ETS ? selectEts(values, frequency, candidateModels(values, frequency)) : null;
  if (!selection) {
    if (method === "ets") throw new ForecastInputError(`no ETS model can be fitted to ${n} values (at least ${SHORTEST_FOR_ETS} needed)`);
    if (n >= 3) return baseline("drift", drift(values, horizon), [...notes, `only ${n} values, too few for ETS: drift`]);
    return baseline("naive", naive(values, horizon), [...notes, `only ${n} values, too few for ETS or drift: naive`]);
  }
  const candidates = [...selection.fitted].sort((a, b) => a.aicc - b.aicc).map((fit) => ({ method: fit.method, aicc: fit.aicc }));
  const result = etsForecast(selection.best, horizon, simulation, notes);
  return { ...result, fit: { ...result.fit!, candidates } };
}

function baseline(method: string, result: { mean: number[] } & Intervals, notes: string[]): Forecast {
  const { mean, lo80, hi80, lo95, hi95 } = result;
  return { method, mean, lo80, hi80, lo95, hi95, notes };
}

function selectionNotes(values: readonly number[], frequency: number): string[] {
  const notes: string[] = [];
  if (frequency > MAX_SEASONAL_PERIOD) notes.push(`seasonal period ${frequency} is over ${MAX_SEASONAL_PERIOD}: non-seasonal ETS models only`);
  else if (frequency > 1 && values.length < 2 * frequency) notes.push(`fewer than two full seasons (${values.length} values, period ${frequency}): non-seasonal ETS models only`);
  if (values.some((value) => value <= 0)) notes.push("zero or negative values: additive ETS models only");
  return notes;
}

function fitRequestedModel(values: readonly number[], frequency: number, model: string): EtsFit {
  const spec = parseEtsName(model);
  if (!spec) throw new ForecastInputError(`model ${JSON.stringify(model)} is not an ETS model name like "ETS(M,Ad,M)" (error A/M, trend N/A/Ad, season N/A/M)`);
  const name = etsName(spec);
  if (spec.error === "A" && spec.season === "M") throw new ForecastInputError(`${name} is left out: additive errors with multiplicative seasonality are numerically unstable (use ETS(M,…,M))`);
  if ((spec.error === "M" || spec.season === "M") && values.some((value) => value <= 0)) throw new ForecastInputError(`${name} needs strictly positive values: the series has zeros or negative values`);
  if (spec.season !== "N") {
    if (frequency < 2 || frequency > MAX_SEASONAL_PERIOD) throw new ForecastInputError(`${name} needs a seasonal period from 2 to ${MAX_SEASONAL_PERIOD}, got ${frequency}`);
    if (values.length < 2 * frequency) throw new ForecastInputError(`${name} needs two full seasons (${2 * frequency} values), got ${values.length}`);
  }
  const fit = fitEts(values, frequency, spec);
  if (!fit) throw new ForecastInputError(`${name} cannot be fitted to ${values.length} values (it needs more than ${freeParameterCount(spec, spec.season === "N" ? 1 : frequency) + 4})`);
  return fit;
}

function etsForecast(fit: EtsFit, horizon: number, simulation: { paths: number; seed: number }, notes: string[]): Forecast {
  const mean = etsPointForecast(fit.spec, fit.params, fit.final, horizon);
  const intervals = etsIntervals(fit.spec, fit.params, fit.final, mean, fit.sigma2, simulation);
  const { alpha, beta, gamma, phi } = fit.params;
  const params = { alpha, ...(fit.spec.trend !== "N" && { beta }), ...(fit.spec.season !== "N" && { gamma }), ...(fit.spec.trend === "Ad" && { phi }) };
  return {
    method: fit.method,
    mean,
    ...intervals,
    fit: { aicc: fit.aicc, aic: fit.aic, bic: fit.bic, loglik: fit.loglik, sigma2: fit.sigma2, parameterCount: fit.parameterCount, params, states: { initial: fit.initial, final: fit.final } },
    notes,
  };
}
