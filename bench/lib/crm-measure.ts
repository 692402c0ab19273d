/**
 * Timing for `npm run bench:crm`: a closed loop of `concurrency` clients, each sending the
 * next request of a scenario's pool as soon as its previous one answered, either
 *   (a) as tRPC GETs to `next start` (keep-alive HTTP, the member's session cookie), or
 *   (b) as the captured SQL, run directly with postgres.js (the app's client options) in
 *       the same RLS transaction tenantProcedure opens (app role, tenant, user, role).
 * Every response is checked (status, shape); a failing request stops the benchmark.
 */
import http from "node:http";
import type postgres from "postgres";
import { cpuSnapshot, type CpuSnapshot } from "./cpu";
import { SCOPE_SQL, type Request } from "./crm-workload";

export type Path = "trpc" | "direct";

export type Runner = (request: Request) => Promise<number>; // resolves to the number of items returned

export function directRunner(sql: postgres.Sql, appRole: string): Runner {
  return async (request) => {
    const rows = await sql.begin(async (tx) => {
      await tx.unsafe(SCOPE_SQL, [appRole, request.tenant.id, request.member.id, request.member.role]);
      let last: unknown[] = [];
      for (const statement of request.statements) last = await tx.unsafe(statement.text, statement.params as postgres.ParameterOrJSON<never>[]);
      return last;
    });
    // listContacts asks for one row more than the page (to know whether there is a next one).
    return request.procedure === "crm.contacts.list" ? Math.min(rows.length, Number(request.input.limit ?? 50)) : rows.length;
  };
}

export function trpcUrl(request: Request): string {
  return `/api/trpc/${request.procedure}?input=${encodeURIComponent(JSON.stringify({ json: request.input }))}`;
}

/** Items of a tRPC response body: `result.data.json.items` (lists) or `result.data.json` (search). */
export function itemsOfTrpc(body: string): { id: string }[] | null {
  try {
    const json = (JSON.parse(body) as { result?: { data?: { json?: unknown } } }).result?.data?.json;
    if (Array.isArray(json)) return json as { id: string }[];
    const items = (json as { items?: unknown } | undefined)?.items;
    return Array.isArray(items) ? (items as { id: string }[]) : null;
  } catch {
    return null;
  }
}

export function httpGet(agent: http.Agent, port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer within 30 s: ${path.slice(0, 200)}`)));
  });
}

export function trpcRunner(agent: http.Agent, port: number, cookies: Map<string, string>): Runner {
  return async (request) => {
    const cookie = cookies.get(request.member.id);
    if (!cookie) throw new Error(`no session for ${request.member.email}`);
    const { status, body } = await httpGet(agent, port, trpcUrl(request), { cookie, "x-tenant-id": request.tenant.id });
    const items = status === 200 ? itemsOfTrpc(body) : null;
    if (!items) throw new Error(`${request.procedure} answered ${status}: ${body.slice(0, 2000)}`);
    return items.length;
  };
}

export type Sample = { ms: number; request: Request };

/**
 * `count` requests from `pool` (in order, wrapping around) on `concurrency` clients, or
 * fewer when `seconds` run out first (a slow query must not make a run last an hour).
 */
export async function runLoop(run: Runner, pool: Request[], count: number, concurrency: number, offset: number, seconds: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const client = async () => {
    for (;;) {
      const index = next++;
      if (index >= count || performance.now() > deadline) return;
      const request = pool[(offset + index) % pool.length]!;
      const started = performance.now();
      await run(request);
      samples.push({ ms: performance.now() - started, request });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return samples;
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (values: number[]) => percentile(values, 50);

// ---------------------------------------------------------------------------------------
// Where the CPU went while measuring (/proc): Postgres, the next server, this process, the rest.

export type CpuWindow = { wall: number; next: number; postgres: number; self: number; other: number; topOther: Map<string, number> };

export function emptyCpu(): CpuWindow {
  return { wall: 0, next: 0, postgres: 0, self: 0, other: 0, topOther: new Map() };
}

/** Adds the CPU seconds between two snapshots to `into`; `nextPgrp` is the server's process group. */
export function addCpu(into: CpuWindow, before: CpuSnapshot, after: CpuSnapshot, wall: number, nextPgrp: number | undefined): void {
  into.wall += wall;
  if (!before || !after) return;
  let known = 0;
  for (const [pid, now] of after.processes) {
    const seconds = (now.ticks - (before.processes.get(pid)?.ticks ?? 0)) / 100;
    if (seconds <= 0) continue;
    if (pid === process.pid) into.self += seconds;
    else if (nextPgrp !== undefined && now.pgrp === nextPgrp) into.next += seconds;
    else if (now.comm === "postgres") into.postgres += seconds;
    else {
      into.topOther.set(now.comm, (into.topOther.get(now.comm) ?? 0) + seconds);
      continue;
    }
    known += seconds;
  }
  // Everything else, short-lived processes included: the machine's busy time minus ours.
  into.other += Math.max(0, (after.systemBusyTicks - before.systemBusyTicks) / 100 - known);
}

export { cpuSnapshot };

export { loadAverage } from "./common";
