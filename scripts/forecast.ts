/**
 * Forecasts a batch of series (src/server/modules/analytics/forecast/README.md):
 *   npm run forecast -- --input series.json --output forecasts.json [--method auto|ets|snaive|drift]
 * Input: a JSON array of { name, frequency, values, horizon }; output: a JSON array of
 * { name, method, mean, lo80, hi80, lo95, hi95 } (+ notes when a fallback was taken).
 * Exit code 2 for bad arguments or bad input (every problem listed as file[index]), 1 for a file
 * that cannot be read or written.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { FORECAST_METHODS, type ForecastMethod } from "../src/server/modules/analytics/forecast/forecast";
import { ForecastRequestsError, parseForecastRequests, runForecastRequests } from "../src/server/modules/analytics/forecast/requests";

const USAGE = `Usage: npm run forecast -- --input series.json --output forecasts.json [--method ${FORECAST_METHODS.join("|")}]`;

let args;
try {
  args = parseArgs({ args: process.argv.slice(2), options: { input: { type: "string" }, output: { type: "string" }, method: { type: "string", default: "auto" } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { input, output, method } = args;
if (!input || !output || !FORECAST_METHODS.includes(method as ForecastMethod)) {
  console.error(USAGE);
  process.exit(2);
}

let text: string;
try {
  text = fs.readFileSync(input, "utf8");
} catch (error) {
  console.error(`Cannot read ${input}: ${(error as Error).message}`);
  process.exit(1);
}

let requests;
try {
  requests = parseForecastRequests(text, input);
} catch (error) {
  if (!(error instanceof ForecastRequestsError)) throw error;
  console.error(`Bad input, nothing forecast:\n${error.problems.map((problem) => `  ${problem}`).join("\n")}`);
  process.exit(2);
}

const results = runForecastRequests(requests, method as ForecastMethod);
try {
  fs.writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
} catch (error) {
  console.error(`Cannot write ${output}: ${(error as Error).message}`);
  process.exit(1);
}
for (const result of results) console.error(`${result.name}: ${result.method}${result.notes ? ` (${result.notes.join("; ")})` : ""}`);
console.error(`${results.length} series forecast to ${output}.`);
