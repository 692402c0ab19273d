/** The measuring half of `npm run bench:api`: the bare server, the response check, one load run. */
import http from "node:http";
import os from "node:os";
import type postgres from "postgres";
import { bareAuditPage, PAGE, type Seeded } from "./api-bare";
import { CONNECTIONS, DURATION, WARMUP_SECONDS } from "./api-setup";
import { cpuBreakdown, cpuSnapshot, type CpuBreakdown } from "./cpu";
import { assertPortFree } from "./crm-app";
import { log } from "./common";
import { runLoad, type LoadSummary } from "./load";

export type Measurement = LoadSummary & { cpu: CpuBreakdown | null };

/** The bare baseline: node:http answering the audit page from `sql` (bench/lib/api-bare.ts). */
export async function startBareServer(port: number, sql: postgres.Sql, seeded: Seeded): Promise<http.Server> {
  await assertPortFree(port);
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith("/audit")) {
      res.writeHead(404).end();
      return;
    }
    bareAuditPage(sql, seeded).then(
      (page) => {
        const body = JSON.stringify(page);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? error.message : String(error));
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return server;
}

function itemsOf(body: unknown, pathToItems: string[]): unknown[] | undefined {
  let node: unknown = body;
  for (const key of pathToItems) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return Array.isArray(node) ? node : undefined;
}

/** One request: 200 with a full page at `pathToItems`, or an error with the body. */
export async function checkOneResponse(label: string, url: string, headers: Record<string, string>, pathToItems: string[]) {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const items = itemsOf(parsed, pathToItems);
  if (response.status !== 200 || items?.length !== PAGE) {
    throw new Error(
      `${label}: expected 200 with ${PAGE} items at ${pathToItems.join(".")}, got ${response.status} ` +
        `with ${items ? items.length : "no"} items. Body:\n${text.slice(0, 4000)}`,
    );
  }
  log(`${label}: one request OK (200, ${items.length} items, ${Buffer.byteLength(text)} bytes)`);
}

/** Warm-up, then CONNECTIONS connections for `durationSeconds`, with the machine's CPU split by `isServer`. */
export async function measure(
  label: string,
  url: string,
  headers: Record<string, string>,
  isServer: (pid: number, pgrp: number) => boolean,
  durationSeconds = DURATION,
): Promise<Measurement> {
  log(`${label}: warm-up ${WARMUP_SECONDS} s`);
  await runLoad({ url, headers, connections: CONNECTIONS, durationSeconds: WARMUP_SECONDS });
  log(`${label}: measuring ${durationSeconds} s, ${CONNECTIONS} connections`);
  const before = cpuSnapshot();
  const started = performance.now();
  const summary = await runLoad({ url, headers, connections: CONNECTIONS, durationSeconds });
  const wall = (performance.now() - started) / 1000;
  const cpu = cpuBreakdown(before, cpuSnapshot(), wall, os.availableParallelism(), isServer, summary.cpuSeconds);
  log(
    `${label}: ${summary.requestsPerSecond.toFixed(0)} req/s, p50 ${summary.latencyP50Ms} ms, p99 ${summary.latencyP99Ms} ms, ` +
      `${summary.totalRequests} requests, non-2xx ${summary.non2xx}, errors ${summary.errors}, timeouts ${summary.timeouts}`,
  );
  return { ...summary, cpu };
}
