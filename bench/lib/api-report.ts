/** The report of `npm run bench:api`'s default run: (a) the app beside (b) the bare server. */
import os from "node:os";
import { CONNECTIONS, DURATION, WARMUP_SECONDS } from "./api-setup";
import type { Measurement } from "./api-measure";
import type { CpuBreakdown } from "./cpu";
import type { LoadSummary } from "./load";

export type RoundTrips = { perRequest: number; statementsPerRequest: number; statements: string[] };

export function printReport(machine: string[], a: Measurement, b: Measurement, roundTrips: { app: RoundTrips; bare: RoundTrips } | null, serverLog: string[]) {
  const ratio = a.requestsPerSecond / b.requestsPerSecond;
  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  const rows: [string, string, string, string][] = [
    ["", "(a) next + tRPC", "(b) bare node:http", "a/b"],
    ["req/s (average)", fmt(a.requestsPerSecond, 0), fmt(b.requestsPerSecond, 0), fmt(ratio, 2)],
    ["latency p50 (ms)", fmt(a.latencyP50Ms), fmt(b.latencyP50Ms), fmt(a.latencyP50Ms / b.latencyP50Ms, 2)],
    ["latency p99 (ms)", fmt(a.latencyP99Ms), fmt(b.latencyP99Ms), fmt(a.latencyP99Ms / b.latencyP99Ms, 2)],
    ["latency avg (ms)", fmt(a.latencyAverageMs, 2), fmt(b.latencyAverageMs, 2), fmt(a.latencyAverageMs / b.latencyAverageMs, 2)],
    ["latency max (ms)", fmt(a.latencyMaxMs), fmt(b.latencyMaxMs), ""],
    ["requests (total)", String(a.totalRequests), String(b.totalRequests), ""],
    ["non-2xx / errors / timeouts", `${a.non2xx} / ${a.errors} / ${a.timeouts}`, `${b.non2xx} / ${b.errors} / ${b.timeouts}`, ""],
  ];
  if (a.cpu && b.cpu) {
    const cpuCell = (cpu: CpuBreakdown) =>
      `${fmt(cpu.serverSeconds)} / ${fmt(cpu.postgresSeconds)} / ${fmt(cpu.loadGeneratorSeconds)} / ${fmt(cpu.otherSeconds)}`;
    const perRequest = (m: Measurement, seconds: number) => (m.totalRequests > 0 ? (seconds * 1000) / m.totalRequests : 0);
    rows.push(["CPU s: server/pg/loadgen/other", cpuCell(a.cpu), cpuCell(b.cpu), ""]);
    rows.push([
      "server CPU per request (ms)",
      fmt(perRequest(a, a.cpu.serverSeconds), 2),
      fmt(perRequest(b, b.cpu.serverSeconds), 2),
      fmt(perRequest(a, a.cpu.serverSeconds) / perRequest(b, b.cpu.serverSeconds), 2),
    ]);
    rows.push([
      "postgres CPU per request (ms)",
      fmt(perRequest(a, a.cpu.postgresSeconds), 2),
      fmt(perRequest(b, b.cpu.postgresSeconds), 2),
      fmt(perRequest(a, a.cpu.postgresSeconds) / perRequest(b, b.cpu.postgresSeconds), 2),
    ]);
  }
  if (roundTrips) {
    rows.push([
      "SQL round trips / request",
      `${fmt(roundTrips.app.perRequest, 1)} (${fmt(roundTrips.app.statementsPerRequest, 1)} stmts)`,
      `${fmt(roundTrips.bare.perRequest, 1)} (${fmt(roundTrips.bare.statementsPerRequest, 1)} stmts)`,
      "",
    ]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  │  ");
  const rule = widths.map((w) => "─".repeat(w)).join("──┼──");

  console.log("");
  console.log("=== bench:api — GET audit.list (50 of 100,000 rows, one tenant, RLS) ===");
  for (const m of machine) console.log(m);
  console.log(`load: autocannon in a child process, ${CONNECTIONS} connections, ${DURATION} s after a ${WARMUP_SECONDS} s warm-up, each target alone`);
  console.log("");
  console.log(line(rows[0]!));
  console.log(rule);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
  const statusNote = (s: LoadSummary) => Object.entries(s.statusCodes).map(([code, n]) => `${code}×${n}`).join(", ") || "none";
  console.log(`status codes: (a) ${statusNote(a)}; (b) ${statusNote(b)}`);
  if (a.cpu && b.cpu) {
    console.log(
      `CPU seconds in the ${DURATION} s window (${os.availableParallelism()} cores): server = the next process (a) or this process (b); ` +
        `pg = all postgres processes; other = everything else on the machine`,
    );
  }
  const noisy = [a, b].filter((m) => m.cpu && m.cpu.otherSeconds > 0.1 * m.cpu.availableSeconds);
  if (noisy.length > 0) {
    console.log(
      `WARNING: other processes used ${[a, b].map((m) => (m.cpu ? `${fmt((100 * m.cpu.otherSeconds) / m.cpu.availableSeconds, 0)}%` : "?")).join(" / ")} ` +
        `of the CPU during (a) / (b); the comparison is skewed. Re-run on a quiet machine.`,
    );
  }
  if (roundTrips) {
    const show = (label: string, r: RoundTrips) => {
      console.log(`statements of one ${label} request:`);
      for (const statement of r.statements) console.log(`  - ${statement.replace(/\s+/g, " ").trim().slice(0, 140)}`);
    };
    show("tRPC audit.list", roundTrips.app);
    show("bare", roundTrips.bare);
  }
  console.log("");
  const ratioOk = ratio >= 0.5;
  const p99Ok = a.latencyP99Ms < 50;
  console.log("goals:");
  console.log(`  req/s ratio a/b ≥ 0.5 : ${fmt(ratio, 2)} → ${ratioOk ? "MET" : "MISSED"}`);
  console.log(`  p99 of (a) < 50 ms    : ${fmt(a.latencyP99Ms)} ms → ${p99Ok ? "MET" : "MISSED"}`);
  console.log(`  overall               : ${ratioOk && p99Ok ? "all goals met" : "goals missed"}`);
  console.log("");
  if (serverLog.length === 0) console.log("next server log (LOG_LEVEL=warn): empty");
  else {
    console.log(`next server log (LOG_LEVEL=warn): ${serverLog.length} lines${serverLog.length > 40 ? ", last 40:" : ":"}`);
    for (const entry of serverLog.slice(-40)) console.log(`  | ${entry.slice(0, 400)}`);
  }
}
