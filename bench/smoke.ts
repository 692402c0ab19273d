/**
 * `npm run bench:smoke`: every benchmark at a small size, one after the other, so a change
 * that breaks a benchmark script or its correctness checks (result cross-checks, plans,
 * seeded data) fails CI. The figures are printed, never asserted: at this size and on a
 * shared machine they mean nothing beyond "it ran".
 *
 * Needs the local Postgres (BENCH_DATABASE_URL, as every benchmark) and a production build
 * for the benchmarks that run `next start` (bench:api builds one if there is none).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

type SmokeRun = { name: string; script: string; args?: string[]; env?: Record<string, string> };

const RUNS: SmokeRun[] = [
  { name: "bench:api", script: "bench/api.ts", env: { BENCH_DURATION: "3", BENCH_ROWS: "2000", BENCH_ROUNDTRIPS: "0" } },
  { name: "bench:jobs", script: "bench/jobs.ts", env: { BENCH_EVENTS: "300", BENCH_REPEATS: "1", BENCH_PGLITE: "0" } },
  {
    name: "bench:crm",
    script: "bench/crm.ts",
    args: ["--tenants", "2", "--contacts", "2000", "--deals", "400", "--companies", "200", "--sample", "2", "--requests", "20", "--repeats", "1", "--seconds", "5", "--db", "neuroops_bench_crm_smoke"],
  },
  { name: "bench:crm-import", script: "bench/crm-import.ts", env: { BENCH_ROWS: "1000" } },
  {
    name: "bench:inventory",
    script: "bench/inventory.ts",
    env: { BENCH_SECONDS: "2", BENCH_HISTORY: "2000", BENCH_SHIPMENTS_PER_RECEIPT: "50", BENCH_RUNS: "3", BENCH_DB: "neuroops_bench_inventory_smoke" },
  },
  {
    name: "bench:accounting",
    script: "bench/accounting.ts",
    env: { BENCH_LINES: "20000", BENCH_REPEATS: "2", BENCH_SECONDS: "2", BENCH_DB: "neuroops_bench_accounting_smoke" },
  },
  { name: "bench:webhooks", script: "bench/webhooks.ts", env: { BENCH_EVENTS: "60", BENCH_ROUNDS: "1", BENCH_SUBSCRIPTIONS: "4" } },
  { name: "bench:vectors", script: "bench/vectors.ts", env: { BENCH_SIZE: "small" } },
  { name: "bench:fraud", script: "bench/fraud.ts", args: ["--synthetic", "--months", "4", "--db", "neuroops_bench_fraud_smoke"] },
  { name: "bench:pages", script: "bench/pages.ts", env: { BENCH_CONTACTS: "300", BENCH_DEALS: "300", BENCH_DURATION: "2", BENCH_TTFB_SAMPLES: "3" } },
  { name: "bench:load", script: "bench/load.ts", env: { BENCH_USERS: "5", BENCH_DURATION: "5", BENCH_TENANTS: "2", BENCH_MEMBERS: "3", BENCH_CONTACTS: "50" } },
];

function run({ name, script, args = [], env = {} }: SmokeRun): Promise<{ name: string; code: number; seconds: number }> {
  const started = performance.now();
  console.log(`\n=== ${name} (smoke) ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")} ${args.join(" ")}`.trimEnd());
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: "inherit",
    });
    child.on("exit", (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 }));
  });
}

const results = [];
for (const smoke of RUNS) results.push(await run(smoke));
console.log("\n=== bench:smoke summary");
for (const { name, code, seconds } of results) console.log(`${code === 0 ? "ok    " : "FAILED"} ${name} (${seconds.toFixed(0)} s)`);
process.exit(results.some((result) => result.code !== 0) ? 1 : 0);
