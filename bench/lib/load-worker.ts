/**
 * Child-process entry for the load generator: runs one autocannon run and prints its
 * result as JSON on stdout. Kept out of the benchmark's own process so the load
 * generator never shares an event loop with the bare server being measured.
 *
 *   node --import tsx bench/lib/load-worker.ts '<LoadOptions JSON>'
 */
import autocannon from "autocannon";
import type { LoadOptions, LoadSummary } from "./load";

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: load-worker.ts '<options JSON>'");
  const options = JSON.parse(raw) as LoadOptions;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    timeout: 10,
  });
  const summary: LoadSummary = {
    requestsPerSecond: result.requests.average,
    latencyAverageMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    totalRequests: result.requests.total,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
    ),
    durationSeconds: result.duration,
    cpuSeconds: (() => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    })(),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
