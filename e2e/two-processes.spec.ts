import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import postgres from "postgres";
import { startNext, type NextServer } from "../bench/lib/crm-app";
import { startUpstashRest, type UpstashRestAdapter } from "../src/test/upstash-rest";
import { newUser, registerWithOrganization } from "./helpers";

/**
 * Two app processes on different ports against one Postgres database and one Redis (through
 * the Upstash REST protocol, as production runs them) behave as one app (issue 17, item 4):
 * a session signed in on one is valid on the other and ends on both; a write on one makes the
 * other's cached dashboard fresh; a document added on one is found by the other's vector
 * search, and a deletion leaves both; every outbox event is delivered once across both
 * workers. The e2e server of the other specs runs on the embedded database: these two `next
 * start`s of the same build get a scratch database on the machine's Postgres of their own.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const BASE_PORT = Number(process.env.E2E_PORT ?? 3100) + 20;
const DATABASE = `neuroops_e2e_two_${process.pid}`;
const SECRET = "two-processes-secret-0123456789-abcdefgh";

const databaseUrl = (name: string) => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

type Tenant = { id: string; slug: string };

test.describe.configure({ mode: "serial" });

test.describe("two app processes against one database", () => {
  // One `next start` each, the scratch database, and several jobs to wait for.
  test.setTimeout(240_000);

  let redis: UpstashRestAdapter;
  const servers: NextServer[] = [];
  const dataDirs: string[] = [];
  let admin: postgres.Sql;
  const origin = (index: 0 | 1) => `http://localhost:${BASE_PORT + index}`;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    const root = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await root.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await root.unsafe(`create database ${DATABASE}`);
    await root.end();
    const migrated = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/migrate.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(DATABASE) },
      encoding: "utf8",
    });
    if (migrated.status !== 0) throw new Error(`migrations failed: ${migrated.stderr}${migrated.stdout}`);
    admin = postgres(databaseUrl(DATABASE), { max: 2, onnotice: () => {} });
    redis = await startUpstashRest();
    for (const index of [0, 1] as const) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `neuroops-two-${index}-`));
      dataDirs.push(dataDir);
      servers.push(
        await startNext(ROOT, BASE_PORT + index, {
          DATABASE_URL: databaseUrl(DATABASE),
          DATABASE_POOL_MAX: "5",
          DATA_DIR: dataDir,
          NEXTAUTH_SECRET: SECRET,
          NEXTAUTH_URL: origin(index),
          UPSTASH_REDIS_REST_URL: redis.url,
          UPSTASH_REDIS_REST_TOKEN: redis.token,
          LOG_LEVEL: "warn",
          RATE_LIMIT_MULTIPLIER: "50",
          AI_MODEL_CACHE_DIR: "src/test/fixtures/models",
          AI_EMBEDDING_MODEL: "neuroops/tiny-embedder",
          HF_HUB_OFFLINE: "1",
          LLM_API_KEY: "",
        }),
      );
    }
  });

  test.afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await redis?.close();
    await admin?.end();
    const root = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await root.unsafe(`drop database if exists ${DATABASE} with (force)`);
    await root.end();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A tRPC call to one process, with the browser context's cookies (one session for both). */
  async function call<T>(request: APIRequestContext, index: 0 | 1, procedure: string, tenant: Tenant | null, input?: unknown, method: "GET" | "POST" = "GET"): Promise<{ status: number; data: T }> {
    const headers: Record<string, string> = { origin: origin(index), ...(tenant ? { "x-tenant-id": tenant.id } : {}) };
    const url = `${origin(index)}/api/trpc/${procedure}`;
    const response =
      method === "POST"
        ? await request.post(url, { headers, data: { json: input ?? null } })
        : await request.get(`${url}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`, { headers });
    const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
    return { status: response.status(), data: (body.result?.data.json ?? body.error) as T };
  }

  async function ok<T>(request: APIRequestContext, index: 0 | 1, procedure: string, tenant: Tenant, input?: unknown, method: "GET" | "POST" = "GET"): Promise<T> {
    const answer = await call<T>(request, index, procedure, tenant, input, method);
    expect(answer.status, `${procedure} on process ${index}: ${JSON.stringify(answer.data)}`).toBe(200);
    return answer.data;
  }

  let context: BrowserContext;
  let tenant: Tenant;

  test("a session made on one process is valid on the other", async ({ browser }) => {
    context = await browser.newContext({ baseURL: origin(0) });
    const page = await context.newPage();
    const slug = await registerWithOrganization(page, newUser("Twin"), "Two Process Trading");
    const mine = await call<{ id: string; slug: string }[]>(context.request, 1, "orgs.listMine", null);
    expect(mine.status).toBe(200);
    const org = mine.data.find((candidate) => candidate.slug === slug);
    expect(org, "process 1 sees the organization created on process 0").toBeTruthy();
    tenant = { id: org!.id, slug };

    // The pages too: the same cookie opens the tenant home on the other port.
    const other = await context.newPage();
    await other.goto(`${origin(1)}/t/${slug}`);
    await expect(other.getByRole("button", { name: "Organization: Two Process Trading. Switch organization" })).toBeVisible();
    await other.close();
    await page.close();
  });

  test("a write on one process makes the other's cached dashboard fresh", async () => {
    type Dashboard = { cached: boolean; baseCurrency: string; revenue: { figures: { currency: string; amountMinor: string }[] } };
    const revenue = (dashboard: Dashboard) => BigInt(dashboard.revenue.figures.find((figure) => figure.currency === dashboard.baseCurrency)?.amountMinor ?? "0");
    const dashboard = (index: 0 | 1) => ok<Dashboard>(context.request, index, "analytics.dashboard.get", tenant, {});
    const company = await ok<{ id: string }>(context.request, 1, "crm.companies.create", tenant, { name: "Twin Customer Ltd" }, "POST");
    const today = new Date().toISOString().slice(0, 10);
    const postInvoice = async (index: 0 | 1) => {
      const invoice = await ok<{ id: string }>(
        context.request,
        index,
        "accounting.documents.create",
        tenant,
        { kind: "invoice", companyId: company.id, issueDate: today, lines: [{ description: "Two processes", quantity: "1", unitPrice: "77700" }] },
        "POST",
      );
      await ok(context.request, index, "accounting.documents.post", tenant, { id: invoice.id }, "POST");
    };

    // Both processes may hold an entry already (the tenant home shows the same figures): a
    // posting on process 1 outdates them, then process 0 computes and stores.
    await postInvoice(1);
    const first = await dashboard(0);
    expect(first.cached, "process 0 computes after process 1's posting").toBe(false);
    const onOther = await dashboard(1);
    expect(onOther.cached, "process 1 reads the entry process 0 stored").toBe(true);
    expect(revenue(onOther)).toBe(revenue(first));
    expect((await dashboard(0)).cached).toBe(true);

    await postInvoice(1);
    const fresh = await dashboard(0);
    expect(fresh.cached, "process 0 recomputes after process 1's posting").toBe(false);
    expect(revenue(fresh) - revenue(first)).toBe(77700n);
  });

  test("a document added on one process is found by the other's vector search, and a deletion leaves both", async () => {
    await admin`update tenants set plan = 'pro' where id = ${tenant.id}`;
    const upload = async (index: 0 | 1, name: string, text: string) => {
      const response = await context.request.post(`${origin(index)}/api/ai/documents`, {
        headers: { origin: origin(index), "x-tenant-id": tenant.id },
        multipart: { file: { name, mimeType: "text/markdown", buffer: Buffer.from(text) } },
      });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const ready = async (index: 0 | 1, id: string) =>
      expect
        .poll(async () => (await ok<{ status: string }>(context.request, index, "ai.documents.get", tenant, { id })).status, { timeout: 90_000 })
        .toBe("ready");
    type Hit = { documentId: string };
    const found = async (index: 0 | 1, query: string) => {
      // Vector mode reads the process's usearch index: with two documents and k = 10, every document in it comes back.
      const answer = await ok<{ passages: Hit[]; lexicalOnly: boolean }>(context.request, index, "ai.search", tenant, { query, mode: "vector" });
      expect(answer.lexicalOnly, "the tiny embedding model is loaded").toBe(false);
      return new Set(answer.passages.map((hit) => hit.documentId));
    };

    const harbour = await upload(0, "harbour.md", "# Harbour fees\n\nThe Zanzibar harbour charges berth fees monthly for every vessel in port.");
    await ready(1, harbour);
    expect(await found(1, "Zanzibar harbour berth fees"), "process 1 finds what process 0 added").toContain(harbour);
    expect(await found(0, "Zanzibar harbour berth fees")).toContain(harbour);

    // Process 0's index is now loaded in memory: a document added on process 1 still reaches it.
    const orchard = await upload(1, "orchard.md", "# Orchard harvest\n\nApricot orchards in the valley are harvested in late June.");
    await ready(0, orchard);
    expect(await found(0, "apricot orchard harvest"), "process 0 reloads for the version process 1 made").toContain(orchard);

    await ok(context.request, 0, "ai.documents.delete", tenant, { id: harbour }, "POST");
    for (const index of [0, 1] as const) expect(await found(index, "Zanzibar harbour berth fees"), `process ${index} no longer finds the deleted document`).not.toContain(harbour);
  });

  test("every outbox event is delivered once across both workers", async () => {
    await expect
      .poll(async () => (await admin<{ open: number }[]>`select count(*)::int as open from outbox_events where status in ('pending', 'running')`)[0]!.open, { timeout: 60_000 })
      .toBe(0);
    const events = await admin<{ status: string; attempts: number }[]>`select status, attempts from outbox_events where tenant_id = ${tenant.id}`;
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((event) => event.status === "dead")).toEqual([]);
    // A run per (event, function) is the primary key: a second delivery would be a second attempt of it.
    const runs = await admin<{ attempts: number; status: string }[]>`select attempts, status::text from job_runs where tenant_id = ${tenant.id}`;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((run) => run.status !== "done" || run.attempts !== 1)).toEqual([]);
  });

  test("signing out on one process ends the session on both", async () => {
    const csrf = (await (await context.request.get(`${origin(1)}/api/auth/csrf`)).json()) as { csrfToken: string };
    const cookies = await context.cookies();
    const signOut = await context.request.post(`${origin(1)}/api/auth/signout`, { form: { csrfToken: csrf.csrfToken, json: "true" }, headers: { origin: origin(1) } });
    expect(signOut.status()).toBeLessThan(400);
    // Replay the cookie as it was before signing out: the session row, not the cookie jar, decides.
    const replay = await context.browser()!.newContext();
    await replay.addCookies(cookies);
    const refused = await call(replay.request, 0, "orgs.listMine", null);
    expect(refused.status).toBe(401);
    await replay.close();
    await context.close();
  });
});
