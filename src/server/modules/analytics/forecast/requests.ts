/**
 * The batch format of `npm run forecast` (scripts/forecast.ts): reading requests with errors that
 * name file[index] and the field, and running them.
 */
import { checkSeries, forecast, ForecastInputError, type ForecastMethod } from "./forecast";

export type ForecastRequest = { name: string; frequency: number; values: number[]; horizon: number };
export type ForecastOutput = { name: string; method: string; mean: number[]; lo80: number[]; hi80: number[]; lo95: number[]; hi95: number[]; notes?: string[] };

/** Every problem of the file at once, each as `file[index] (name): what is wrong`. */
export class ForecastRequestsError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ForecastRequestsError";
  }
}

export function parseForecastRequests(text: string, file: string): ForecastRequest[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ForecastRequestsError([`${file}: not valid JSON (${(error as Error).message})`]);
  }
  if (!Array.isArray(data)) throw new ForecastRequestsError([`${file}: expected a JSON array of { name, frequency, values, horizon }`]);
  const problems: string[] = [];
  const requests = data.flatMap((item: unknown, index): ForecastRequest[] => {
    const where = `${file}[${index}]`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push(`${where}: expected an object { name, frequency, values, horizon }`);
      return [];
    }
    const { name, frequency, values, horizon } = item as Record<string, unknown>;
    const label = typeof name === "string" ? `${where} (${name})` : where;
    if (typeof name !== "string" || name === "") problems.push(`${where}: name must be a non-empty string`);
    if (typeof frequency !== "number") problems.push(`${label}: frequency must be a number (the seasonal period, 1 if none)`);
    if (typeof horizon !== "number") problems.push(`${label}: horizon must be a number`);
    if (!Array.isArray(values)) problems.push(`${label}: values must be an array of numbers`);
    if (typeof name !== "string" || typeof frequency !== "number" || typeof horizon !== "number" || !Array.isArray(values)) return [];
    try {
      checkSeries({ values: values as number[], frequency }, horizon);
    } catch (error) {
      if (!(error instanceof ForecastInputError)) throw error;
      problems.push(`${label}: ${error.message}`);
      return [];
    }
    return [{ name, frequency, values: values as number[], horizon }];
  });
  if (problems.length > 0) throw new ForecastRequestsError(problems);
  return requests;
}

export function runForecastRequests(requests: readonly ForecastRequest[], method: ForecastMethod = "auto"): ForecastOutput[] {
  return requests.map(({ name, frequency, values, horizon }) => {
    const result = forecast({ values, frequency }, horizon, { method });
    const { mean, lo80, hi80, lo95, hi95, notes } = result;
    return { name, method: result.method, mean, lo80, hi80, lo95, hi95, ...(notes.length > 0 && { notes }) };
  });
}
