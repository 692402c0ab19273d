/**
 * `npm run bench:api -- --ladder`: where the app's request path loses to the bare server,
 * one layer at a time. Every layer answers the same audit page (50 of ROWS rows) and is
 * loaded the same way (autocannon, CONNECTIONS connections, BENCH_DURATION s after a warm-up);
 * the layers run in turn, BENCH_REPEATS rounds, so a busy neighbour skews them alike, and
 * each ratio is the median over rounds of (layer ÷ bare of the same round).
 *
 *   (a)  bare node:http + the query (bench/lib/api-bare.ts)            this process
 *   (b)  Next route handler answering a constant of the same size       bench/ladder-app
 *   (bp) (b) behind the app's proxy (src/proxy.ts, re-exported)          bench/ladder-app
 *   (c)  Next route handler + the bare query (same pool options)        bench/ladder-app
 *   (c2) Next route + the app's pool, tenant transaction, audit service
 *        (Drizzle, the app's query) and response serializer             bench/ladder-app
 *   (d)  (c2) + session cookie decode + membership in the transaction   bench/ladder-app
 *   (e)  the app's tRPC route handler itself, without the app's proxy   bench/ladder-app
 *   (f)  the app: `next start` of the real build                         .next
 *        (its proxy skips /api/trpc/… without an X-Forwarded-For, as here)
 *   (fx) (f) with a client-sent X-Forwarded-For: the proxy runs (to drop it), the path
 *        every tRPC request took before the proxy's matcher let them pass (docs/performance.md)
 *
 * bench/ladder-app is a separate Next app that only the bench builds (`next build --webpack
 * bench/ladder-app`): its fixture routes are never part of the app's build.
 */
import os from "node:os";
import { createBareSql, PAGE, type Seeded } from "./api-bare";
import { checkOneResponse, measure, startBareServer, type Measurement } from "./api-measure";
import { APP_PORT, BARE_PORT, BENCH_URL, CONNECTIONS, DURATION, LADDER_PORT, OWNER, ROOT, ROWS, serverEnv, WARMUP_SECONDS } from "./api-setup";
import { log, onCleanup, positiveInt, sleep } from "./common";
import { cpuBreakdown, cpuSnapshot } from "./cpu";
import { ensureBuild, signIn, startNext, type NextServer } from "./crm-app";

const REPEATS = positiveInt(process.env.BENCH_REPEATS, 3, "BENCH_REPEATS");
const LADDER_DIR = "bench/ladder-app";
const IDLE_SECONDS = 5;

type Level = {
  key: string;
  label: string;
  url: string;
  headers: Record<string, string>;
  items: string[];
  isServer: (pid: number, pgrp: number) => boolean;
};

type Row = { level: Level; runs: Measurement[]; ratios: number[] };

const median = (values: number[]) => {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const perRequestMs = (m: Measurement, seconds: (cpu: NonNullable<Measurement["cpu"]>) => number) =>
  m.cpu && m.totalRequests > 0 ? (seconds(m.cpu) * 1000) / m.totalRequests : NaN;
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

export async function runLadder(seeded: Seeded, machine: string[]): Promise<void> {
  log(`ladder app build ${await ensureBuild(ROOT, { dir: LADDER_DIR, args: ["--webpack"] })} in ${LADDER_DIR}`);
  const app = await startNext(ROOT, APP_PORT, serverEnv(BENCH_URL));
  onCleanup("stop next (app)", () => app.stop());
  const ladder: NextServer = await startNext(
    ROOT,
    LADDER_PORT,
    { ...serverEnv(BENCH_URL), LADDER_TENANT_ID: seeded.tenantId, LADDER_USER_ID: seeded.userId },
    { dir: LADDER_DIR },
  );
  onCleanup("stop next (ladder)", () => ladder.stop());
  log(`next start ready: app :${APP_PORT} (pid ${app.child.pid}), ladder :${LADDER_PORT} (pid ${ladder.child.pid})`);

  const bareSql = createBareSql(BENCH_URL);
  onCleanup("close bare pool", () => bareSql.end({ timeout: 5 }));
  const bare = await startBareServer(BARE_PORT, bareSql, seeded);
  onCleanup("close bare server", () => {
    bare.closeAllConnections();
    return new Promise<void>((resolve) => bare.close(() => resolve()));
  });

  const cookie = await signIn(`http://localhost:${APP_PORT}`, OWNER.email, OWNER.password);
  const member = { cookie, "x-tenant-id": seeded.tenantId };
  const input = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
  const ladderUrl = (path: string) => `http://localhost:${LADDER_PORT}${path}`;
  const inLadder = (_pid: number, pgrp: number) => pgrp === ladder.child.pid;
  const trpcItems = ["result", "data", "json", "items"];
  const levels: Level[] = [
    { key: "a", label: "bare node:http + query", url: `http://localhost:${BARE_PORT}/audit`, headers: {}, items: ["items"], isServer: (pid) => pid === process.pid },
    { key: "b", label: "Next route, constant body", url: ladderUrl("/api/ladder/constant"), headers: {}, items: ["items"], isServer: inLadder },
    { key: "bp", label: "(b) behind the app's proxy", url: ladderUrl("/api/ladder/proxied/constant"), headers: {}, items: ["items"], isServer: inLadder },
    { key: "c", label: "Next route + bare query", url: ladderUrl("/api/ladder/query"), headers: {}, items: ["items"], isServer: inLadder },
    { key: "c2", label: "+ app pool, tenant tx, service, serializer", url: ladderUrl("/api/ladder/service"), headers: {}, items: trpcItems, isServer: inLadder },
    { key: "d", label: "+ session decode, membership", url: ladderUrl("/api/ladder/member"), headers: member, items: trpcItems, isServer: inLadder },
    { key: "e", label: "app's tRPC route, no proxy", url: ladderUrl(`/api/trpc/audit.list?input=${input}`), headers: member, items: trpcItems, isServer: inLadder },
    { key: "f", label: "the app (next start of the real build)", url: `http://localhost:${APP_PORT}/api/trpc/audit.list?input=${input}`, headers: member, items: trpcItems, isServer: (_pid, pgrp) => pgrp === app.child.pid },
    // The app with a client-sent X-Forwarded-For: its proxy runs (to drop the header), the path every tRPC request took before it skipped the proxy.
    { key: "fx", label: "(f) with X-Forwarded-For: through the proxy", url: `http://localhost:${APP_PORT}/api/trpc/audit.list?input=${input}`, headers: { ...member, "x-forwarded-for": "203.0.113.7" }, items: trpcItems, isServer: (_pid, pgrp) => pgrp === app.child.pid },
  ];
  for (const level of levels) await checkOneResponse(`(${level.key}) ${level.label}`, level.url, level.headers, level.items);

  // What each server burns with no request at all (timers, the app's job delivery loop).
  const idle: [string, number][] = [];
  for (const [name, isServer] of [["bare (this process)", levels[0]!.isServer], ["ladder app", inLadder], ["app", levels[levels.length - 1]!.isServer]] as const) {
    const before = cpuSnapshot();
    const started = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const wall = (performance.now() - started) / 1000;
    const cpu = cpuBreakdown(before, cpuSnapshot(), wall, os.availableParallelism(), isServer, 0);
    idle.push([name, cpu ? (cpu.serverSeconds * 1000) / wall : NaN]);
  }

  const loadBefore = os.loadavg();
  const rows: Row[] = levels.map((level) => ({ level, runs: [], ratios: [] }));
  for (let round = 0; round < REPEATS; round++) {
    log(`round ${round + 1}/${REPEATS}, load average ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
    for (const row of rows) row.runs.push(await measure(`(${row.level.key}) ${row.level.label}`, row.level.url, row.level.headers, row.level.isServer));
    const bareRps = rows[0]!.runs[round]!.requestsPerSecond;
    for (const row of rows) row.ratios.push(row.runs[round]!.requestsPerSecond / bareRps);
  }
  const loadAfter = os.loadavg();

  const table: string[][] = [["layer", "req/s", "÷ (a)", "ratios per round", "p50 ms", "p99 ms", "server CPU ms/req", "Δ (from)", "pg CPU ms/req", "other CPU"]];
  // Each layer's added cost is counted from the layer it builds on.
  const deltaFrom: Record<string, string> = { bp: "b", c: "b", c2: "c", d: "c2", e: "d", f: "e", fx: "f" };
  const cpuOf = new Map<string, number>();
  for (const { level, runs, ratios } of rows) {
    const cpu = median(runs.map((m) => perRequestMs(m, (c) => c.serverSeconds)));
    cpuOf.set(level.key, cpu);
    const other = median(runs.map((m) => (m.cpu ? (100 * m.cpu.otherSeconds) / m.cpu.availableSeconds : NaN)));
    table.push([
      `(${level.key}) ${level.label}`,
      fmt(median(runs.map((m) => m.requestsPerSecond)), 0),
      fmt(median(ratios), 2),
      ratios.map((r) => fmt(r, 2)).join(" / "),
      fmt(median(runs.map((m) => m.latencyP50Ms))),
      fmt(median(runs.map((m) => m.latencyP99Ms))),
      fmt(cpu, 2),
      deltaFrom[level.key] ? fmt(cpu - (cpuOf.get(deltaFrom[level.key]!) ?? NaN), 2) : "",
      fmt(median(runs.map((m) => perRequestMs(m, (c) => c.postgresSeconds))), 2),
      `${fmt(other, 0)}%`,
    ]);
  }
  const errors = rows.flatMap(({ level, runs }) => runs.filter((m) => m.non2xx + m.errors + m.timeouts > 0).map((m) => `(${level.key}) non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts}`));

  console.log("");
  console.log(`=== bench:api --ladder — GET the audit page (${PAGE} of ${ROWS.toLocaleString("en-US")} rows, one tenant, RLS), one layer at a time ===`);
  for (const line of machine) console.log(line);
  console.log(`load average before: ${loadBefore.map((n) => n.toFixed(2)).join(" ")}, after: ${loadAfter.map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  console.log(`load: autocannon in a child process, ${CONNECTIONS} connections, ${DURATION} s after a ${WARMUP_SECONDS} s warm-up, layers in turn, ${REPEATS} round(s); medians over rounds`);
  console.log("");
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  table.forEach((r, index) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  │  "));
    if (index === 0) console.log(widths.map((w) => "─".repeat(w)).join("──┼──"));
  });
  console.log("");
  console.log("server CPU = the Next process group ((b)–(f)) or this process ((a), whose loop also runs nothing else while measuring);");
  console.log("Δ (from) = server CPU per request added by that layer over the one it builds on ((bp) and (c) over (b), (c2) over (c), …); (b) is Next's floor with no database; other CPU = the rest of the machine.");
  console.log(`idle server CPU (no load, ${IDLE_SECONDS} s): ${idle.map(([name, msPerS]) => `${name} ${fmt(msPerS, 1)} ms/s`).join(", ")} (included in the per-request figures above)`);
  console.log("(c2) runs the app's audit query (user_profiles view, per-row facts), not the bare one: compare pg CPU per request.");
  console.log("(e) → (f): the same route in the app's own build (larger route table, instrumentation, the job delivery loop); its proxy skips these requests (no X-Forwarded-For).");
  if (errors.length > 0) console.log(`WARNING: failed requests: ${errors.join("; ")}`);
  const f = rows.find((row) => row.level.key === "f")!;
  console.log("");
  console.log(`goal: (f) ÷ (a) ≥ 0.5: ${fmt(median(f.ratios), 2)}; (f) p99 < 50 ms: ${fmt(median(f.runs.map((m) => m.latencyP99Ms)))} ms`);
}
