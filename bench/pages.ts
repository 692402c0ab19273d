/**
 * `npm run bench:pages`: server render times of the heaviest pages with `next start`.
 *
 * Seeds (or reuses) a CRM database at a small scale (bench/lib/crm-data), starts the
 * production build, signs in as the tenant's owner and, for each page, in this order:
 *   1. time to first byte, sequentially (one request at a time, BENCH_TTFB_SAMPLES of them):
 *      the moment the response headers arrive, which for a streamed page is its first flush;
 *   2. autocannon on the HTML route with the session cookie (BENCH_CONNECTIONS connections,
 *      BENCH_DURATION seconds): req/s and p50/p99 of the whole response.
 * The server-rendered sign-in page (no data; `/` only redirects) runs beside them as the reference.
 *
 * Then time to first content (issue 10: lists and record pages render their first data on
 * the server): for the tenant home, the contacts list, a contact's record and the deals board,
 * taken in turns (so a load spike hits all alike), the time from the request until the
 * page's first data is in the received HTML outside any script: the first row's name on the
 * list, the record's name as its heading, the first card's title on the board, the home's
 * heading. Medians and the ratio to the home page's median are printed (goal: ≤ 1.2×).
 * Figures are printed, never asserted: it exits 0 when a goal is missed, non-zero
 * only when a page does not render (not 200, or the sign-in page instead of the page) or
 * its content never arrives.
 *
 * Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres),
 *      BENCH_CONTACTS (default 2000), BENCH_DEALS (default 2000; the issue's scale is 20000),
 *      BENCH_DURATION (seconds per page, default 5), BENCH_CONNECTIONS (default 4),
 *      BENCH_TTFB_SAMPLES (default 10; also the rounds of the first-content timing),
 *      BENCH_REBUILD=1 (regenerate the data).
 */
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { cleanUp, log, machineSummary, onCleanup, positiveInt, redact, withDatabase } from "./lib/common";
import { ensureBuild, signIn, startNext } from "./lib/crm-app";
import { BENCH_PASSWORD, ensureCrmData } from "./lib/crm-data";
import { runLoad, type LoadSummary } from "./lib/load";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT);

const ADMIN_URL = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = "neuroops_bench_pages";
const PORT = 3210;
const CONTACTS = positiveInt(process.env.BENCH_CONTACTS, 2_000, "BENCH_CONTACTS");
const DEALS = positiveInt(process.env.BENCH_DEALS, 2_000, "BENCH_DEALS");
const DURATION = positiveInt(process.env.BENCH_DURATION, 5, "BENCH_DURATION");
const CONNECTIONS = positiveInt(process.env.BENCH_CONNECTIONS, 4, "BENCH_CONNECTIONS");
const TTFB_SAMPLES = positiveInt(process.env.BENCH_TTFB_SAMPLES, 10, "BENCH_TTFB_SAMPLES");
const SCALE = { tenants: 1, contacts: CONTACTS, deals: DEALS, companies: Math.max(1, Math.round(CONTACTS / 10)), members: 5 };
const GOAL_P50_MS = 200;
const GOAL_CONTENT_RATIO = 1.2;
const NEXTAUTH_SECRET = crypto.randomBytes(30).toString("base64url");

type Page = { label: string; path: string; signedIn: boolean };

/** Time until the response headers arrive (the first flush of a streamed page); the body is drained. */
function timeToFirstByte(url: string, headers: Record<string, string>): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { headers }, (response) => {
      const ms = performance.now() - started;
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ ms, status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

/** Text as React writes it into HTML, as a RegExp source. */
function escapeHtml(text: string): string {
  const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  return html.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The markup received so far without scripts (the hydration data repeats the text: it is not visible content). */
function visibleMarkup(html: string): string {
  return html.replace(/<script\b[\s\S]*?<\/script>/g, "").replace(/<script\b[\s\S]*$/, "");
}

/** Time until `marker` is in the received HTML (outside scripts), and until the response ends. */
function timeToContent(url: string, headers: Record<string, string>, marker: RegExp): Promise<{ contentMs: number; totalMs: number; status: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let contentMs = NaN;
    let body = "";
    const request = http.get(url, { headers }, (response) => {
      response.setEncoding("utf8").on("data", (chunk: string) => {
        body += chunk;
        if (Number.isNaN(contentMs) && marker.test(visibleMarkup(body))) contentMs = performance.now() - started;
      });
      response.on("end", () => resolve({ contentMs, totalMs: performance.now() - started, status: response.statusCode ?? 0 }));
    });
    request.on("error", reject);
  });
}

/** A GET of a tRPC query as the browser sends it; its `json` result. */
async function trpcQuery<T>(procedure: string, input: unknown, headers: Record<string, string>): Promise<T> {
  const path = `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const { status, body } = await timeToFirstByte(`http://localhost:${PORT}${path}`, headers);
  if (status !== 200) throw new Error(`${procedure} answered ${status}: ${body.slice(0, 500)}`);
  return (JSON.parse(body) as { result: { data: { json: T } } }).result.data.json;
}

type ContentPage = { label: string; path: string; marker: RegExp; what: string };
type ContentResult = { page: ContentPage; contentP50: number; totalP50: number; contentMax: number };

/** The pages of the first-content timing and what shows each one's first data (found through the API, as the page's first row). */
async function contentPages(slug: string, tenantId: string, cookie: string): Promise<ContentPage[]> {
  const headers = { cookie, "x-tenant-id": tenantId };
  const contacts = await trpcQuery<{ items: { id: string; firstName: string; lastName: string }[] }>(
    "crm.contacts.list",
    { filters: {}, sort: { field: "updatedAt", direction: "desc" }, limit: 50 },
    headers,
  );
  const first = contacts.items[0];
  if (!first) throw new Error("the bench tenant has no contacts");
  const name = escapeHtml(`${first.firstName} ${first.lastName}`.trim());
  const board = await trpcQuery<{ stages: { deals: { title: string }[] }[] }>("crm.deals.board", { perStage: 50 }, headers);
  const card = board.stages.flatMap((stage) => stage.deals)[0];
  if (!card) throw new Error("the bench tenant's default pipeline has no deals");
  return [
    { label: "tenant home (reference)", path: `/t/${slug}`, marker: /<h1[\s>]/, what: "its heading" },
    { label: "contacts list", path: `/t/${slug}/crm/contacts`, marker: new RegExp(`>${name}</a>`), what: "first row's name" },
    { label: "contact record", path: `/t/${slug}/crm/contacts/${first.id}`, marker: new RegExp(`<h1[^>]*>${name}</h1>`), what: "the record's name" },
    { label: "deals board", path: `/t/${slug}/crm/deals`, marker: new RegExp(`>${escapeHtml(card.title)}<`), what: "first card's title" },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds of one request per page in turn (after a warm-up round); medians per page. */
async function measureContent(pages: ContentPage[], cookie: string): Promise<ContentResult[]> {
  const samples = pages.map(() => ({ content: [] as number[], total: [] as number[] }));
  for (let round = 0; round <= TTFB_SAMPLES; round++) {
    for (const [i, page] of pages.entries()) {
      const result = await timeToContent(`http://localhost:${PORT}${page.path}`, { cookie }, page.marker);
      if (result.status !== 200 || Number.isNaN(result.contentMs)) {
        throw new Error(`${page.label} (${page.path}) answered ${result.status}${result.status === 200 ? ` without ${page.what} in its HTML` : ""}`);
      }
      if (round === 0) continue; // warm-up
      samples[i]!.content.push(result.contentMs);
      samples[i]!.total.push(result.totalMs);
    }
  }
  return pages.map((page, i) => ({
    page,
    contentP50: median(samples[i]!.content),
    totalP50: median(samples[i]!.total),
    contentMax: Math.max(...samples[i]!.content),
  }));
}

function printContentReport(results: ContentResult[]): void {
  const home = results[0]!.contentP50;
  const rows = [
    ["page", "content in HTML p50 (ms)", "max", "whole HTML p50", "× home", `≤ ${GOAL_CONTENT_RATIO}× home`],
    ...results.map((r, i) => [
      `${r.page.label} ${r.page.path} (${r.page.what})`,
      r.contentP50.toFixed(0),
      r.contentMax.toFixed(0),
      r.totalP50.toFixed(0),
      (r.contentP50 / home).toFixed(2),
      i === 0 ? "(reference)" : r.contentP50 / home <= GOAL_CONTENT_RATIO ? "MET" : "MISSED",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  │  ");
  console.log(`=== first content: time until the page's first data is in the received HTML (outside scripts), ${TTFB_SAMPLES} rounds after a warm-up, pages in turn ===`);
  console.log(`load average now: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  console.log("");
  console.log(line(rows[0]!));
  console.log(widths.map((w) => "─".repeat(w)).join("──┼──"));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

type PageResult = { page: Page; ttfbP50: number; ttfbMax: number; bytes: number; load: LoadSummary };

async function measurePage(page: Page, cookie: string): Promise<PageResult> {
  const url = `http://localhost:${PORT}${page.path}`;
  const headers: Record<string, string> = page.signedIn ? { cookie } : {};
  const first = await timeToFirstByte(url, headers); // also the warm-up of this route
  // A signed-out render of a tenant page is the sign-in page: not what is measured here.
  if (first.status !== 200 || (page.signedIn && /name="password"/.test(first.body))) {
    throw new Error(`${page.label} (${page.path}) answered ${first.status}${first.status === 200 ? " with the sign-in form" : ""}:\n${first.body.slice(0, 2000)}`);
  }
  const samples: number[] = [];
  for (let i = 0; i < TTFB_SAMPLES; i++) samples.push((await timeToFirstByte(url, headers)).ms);
  samples.sort((a, b) => a - b);
  const load = await runLoad({ url, headers, connections: CONNECTIONS, durationSeconds: DURATION });
  log(`${page.label}: TTFB p50 ${percentile(samples, 50).toFixed(0)} ms; under load ${load.requestsPerSecond.toFixed(1)} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms`);
  return { page, ttfbP50: percentile(samples, 50), ttfbMax: samples[samples.length - 1] ?? NaN, bytes: Buffer.byteLength(first.body), load };
}

function printReport(machine: string[], results: PageResult[]): void {
  const rows = [
    ["page", "TTFB p50 (ms)", "TTFB max", "req/s", "p50 (ms)", "p99 (ms)", "non-2xx", "HTML bytes", `p50 < ${GOAL_P50_MS}`],
    ...results.map((r) => [
      `${r.page.label} ${r.page.path}`,
      r.ttfbP50.toFixed(0),
      r.ttfbMax.toFixed(0),
      r.load.requestsPerSecond.toFixed(1),
      String(r.load.latencyP50Ms),
      String(r.load.latencyP99Ms),
      String(r.load.non2xx + r.load.errors),
      String(r.bytes),
      r.page.signedIn ? (r.load.latencyP50Ms < GOAL_P50_MS ? "MET" : "MISSED") : "(reference)",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  │  ");
  console.log("");
  console.log(`=== bench:pages — server renders with next start (1 tenant, ${CONTACTS} contacts, ${DEALS} deals) ===`);
  for (const m of machine) console.log(m);
  console.log(`TTFB: ${TTFB_SAMPLES} sequential requests per page; load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per page, whole responses`);
  console.log("");
  console.log(line(rows[0]!));
  console.log(widths.map((w) => "─".repeat(w)).join("──┼──"));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
}

async function main(): Promise<void> {
  const machine = [`machine: ${machineSummary()}`, `load average at start: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`];
  log(`admin ${redact(ADMIN_URL)}, database ${DB_NAME}, scale ${JSON.stringify(SCALE)}`);
  const benchUrl = withDatabase(ADMIN_URL, DB_NAME);
  // App code reads its configuration once, from process.env: set it before importing any.
  process.env.DATABASE_URL = benchUrl;
  process.env.NEXTAUTH_SECRET = NEXTAUTH_SECRET;
  process.env.NEXTAUTH_URL = `http://localhost:${PORT}`;
  process.env.LOG_LEVEL = "warn";
  const { reloadEnv } = await import("../src/server/platform/env");
  reloadEnv();
  const { migrateDatabase, MIGRATIONS_FOLDER } = await import("../src/server/db/migrate");
  const { hashPassword } = await import("../src/server/modules/accounts/passwords");
  const data = await ensureCrmData(ADMIN_URL, DB_NAME, SCALE, {
    rebuild: process.env.BENCH_REBUILD === "1",
    migrationsFolder: MIGRATIONS_FOLDER,
    migrate: migrateDatabase,
    hashPassword,
  });
  log(`data ${data.reused ? "reused" : "generated"} in ${data.seconds.toFixed(0)} s`);
  log(`production build ${await ensureBuild(ROOT)}`);

  const tenant = data.tenants[0]!;
  const owner = tenant.members.find((member) => member.role === "owner") ?? tenant.members[0]!;
  const next = await startNext(ROOT, PORT, {
    DATABASE_URL: benchUrl,
    DATABASE_POOL_MAX: "10",
    NEXTAUTH_SECRET,
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    LOG_LEVEL: "warn",
    API_RATE_LIMIT_MULTIPLIER: "1000", // one tenant under load: the API limit on, far above the load
  });
  onCleanup("stop next", () => next.stop());
  log(`next start ready on :${PORT} (pid ${next.child.pid})`);
  const cookie = await signIn(`http://localhost:${PORT}`, owner.email, BENCH_PASSWORD);

  const pages: Page[] = [
    // `/` only redirects (to the tenant or to sign-in): the sign-in page is the server-rendered page without data.
    { label: "sign-in page (reference)", path: "/sign-in", signedIn: false },
    { label: "tenant home", path: `/t/${tenant.slug}`, signedIn: true },
    { label: "contacts list", path: `/t/${tenant.slug}/crm/contacts`, signedIn: true },
    { label: "deals board", path: `/t/${tenant.slug}/crm/deals`, signedIn: true },
  ];
  machine.push(`load average before measuring: ${os.loadavg().map((n) => n.toFixed(2)).join(" ")} (1/5/15 min)`);
  const results: PageResult[] = [];
  for (const page of pages) results.push(await measurePage(page, cookie));
  const content = await measureContent(await contentPages(tenant.slug, tenant.id, cookie), cookie);
  printReport(machine, results);
  printContentReport(content);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  console.error("[bench] FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
} finally {
  await cleanUp();
  process.exit(exitCode);
}
