import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ForecastRequestsError, parseForecastRequests } from "./requests";

const ROOT = path.resolve(import.meta.dirname, "../../../../..");
const SCRIPT = path.join(ROOT, "scripts/forecast.ts");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "forecast-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `npm run forecast` the way npm does (tsx), without npm's own start-up. */
async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: ROOT });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

function problemsOf(text: string): string[] {
  try {
    parseForecastRequests(text, "in.json");
  } catch (error) {
    if (error instanceof ForecastRequestsError) return error.problems;
    throw error;
  }
  return [];
}

describe("forecast requests", () => {
  it("lists every problem as file[index] with what is wrong", () => {
    const text = JSON.stringify([
      { name: "ok", frequency: 1, values: [1, 2, 3], horizon: 2 },
      { name: "gap", frequency: 4, values: [1, null, 3], horizon: 2 },
      { frequency: "12", values: [1, 2], horizon: 1 },
      { name: "far", frequency: 1, values: [1, 2, 3], horizon: 0 },
      7,
    ]);
    expect(problemsOf(text)).toEqual([
      "in.json[1] (gap): values[1] is null: every value must be a finite number (fill or drop missing values first)",
      "in.json[2]: name must be a non-empty string",
      "in.json[2]: frequency must be a number (the seasonal period, 1 if none)",
      "in.json[3] (far): horizon must be a whole number ≥ 1, got 0",
      "in.json[4]: expected an object { name, frequency, values, horizon }",
    ]);
    expect(problemsOf("{")[0]).toMatch(/^in\.json: not valid JSON/);
    expect(problemsOf("{}")).toEqual(["in.json: expected a JSON array of { name, frequency, values, horizon }"]);
  });
});

describe("npm run forecast", () => {
  it("reads series and writes their forecasts (round trip)", async () => {
    const input = path.join(dir, "series.json");
    const output = path.join(dir, "forecasts.json");
    const seasonal = Array.from({ length: 24 }, (_, t) => [10, 20, 30, 20][t % 4]!);
    fs.writeFileSync(input, JSON.stringify([
      { name: "weekly pattern", frequency: 4, values: seasonal, horizon: 6 },
      { name: "tiny", frequency: 4, values: [3, 5], horizon: 2 },
    ]));
    const { code, stderr } = await runCli(["--input", input, "--output", output, "--method", "snaive"]);
    expect(code, stderr).toBe(0);
    const written = JSON.parse(fs.readFileSync(output, "utf8"));
    expect(written).toHaveLength(2);
    expect(written[0]).toEqual({ name: "weekly pattern", method: "snaive", mean: [10, 20, 30, 20, 10, 20], lo80: [10, 20, 30, 20, 10, 20], hi80: [10, 20, 30, 20, 10, 20], lo95: [10, 20, 30, 20, 10, 20], hi95: [10, 20, 30, 20, 10, 20] });
    expect(written[1]).toMatchObject({ name: "tiny", method: "naive", mean: [5, 5], notes: ["only 2 values, not more than one season of 4: naive instead of seasonal naive"] });
    expect(Object.keys(written[1])).toEqual(["name", "method", "mean", "lo80", "hi80", "lo95", "hi95", "notes"]);
  });

  it("exits 2 on bad input, naming the entry, and writes nothing", async () => {
    const input = path.join(dir, "bad.json");
    const output = path.join(dir, "never.json");
    fs.writeFileSync(input, JSON.stringify([{ name: "holes", frequency: 1, values: [1, "x", 3], horizon: 2 }]));
    const { code, stderr } = await runCli(["--input", input, "--output", output]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${input}[0] (holes): values[1] is "x"`);
    expect(fs.existsSync(output)).toBe(false);
    expect((await runCli(["--input", input, "--output", output, "--method", "arima"])).code).toBe(2);
  });
});
