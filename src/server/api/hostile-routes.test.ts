import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inTenant } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import { buildTenantFixture, type TenantFixture } from "../../test/tenant-procedures";
import { authorizeCredentials } from "../modules/accounts/auth";
import { MAX_BATCH_SIZE } from "../../trpc/limits";
import { INTERNAL_ERROR_MESSAGE } from "./errors";
import { tenantSnapshot } from "./hostile-support";

/*
 * Hostile requests to every route handler under src/app/api: oversized, truncated, of the
 * wrong content type, multipart with path-traversal file names, malformed parameters. A
 * tenant route must refuse each with a 4xx and a message, and leave the tenant unchanged;
 * the others must at least never fail with a 5xx. A route (or method) without a row here
 * fails the completeness test.
 */

const API_DIR = path.resolve(import.meta.dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const MB = 1024 * 1024;

type Handler = (request: Request, context: unknown) => Promise<Response>;
type Auth = { cookie: string; tenantId: string };
type HostileRequest = { name: string; request: Request; context?: unknown };
type RouteCase =
  | {
      /** "refused": a 4xx with a message and the tenant unchanged; "no server error": anything below 500. */
      expect: "refused" | "no server error";
      requests: (auth: Auth) => HostileRequest[] | Promise<HostileRequest[]>;
    }
  | { skip: string };

const url = (route: string, params: Record<string, string> = {}) => {
  const result = new URL(`http://localhost${route}`);
  for (const [key, value] of Object.entries(params)) result.searchParams.set(key, value);
  return result;
};

/** A multipart body as a browser sends it, as bytes and its content type. */
async function multipart(fields: Record<string, string | File>): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** JSON `depth` objects deep, written as text (JSON.stringify would run out of stack first). */
const deepJson = (depth: number) => `${'{"next":'.repeat(depth)}1${"}".repeat(depth)}`;

const csvFile = (name: string, text = "First name,Email\nAnn,ann@example.test\n") => new File([text], name, { type: "text/csv" });
const TRAVERSAL_NAMES = ["../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "a\u0000b.csv"];

/** Requests any upload route must refuse: oversized (declared), truncated, not multipart, unreadable multipart. */
async function uploadAbuse(route: string, auth: Auth, field: string, params: Record<string, string> = {}): Promise<HostileRequest[]> {
  const headers = (extra: Record<string, string>) => ({ cookie: auth.cookie, "x-tenant-id": auth.tenantId, ...extra });
  const form = await multipart({ [field]: csvFile("file.csv"), entityType: "contact" });
  return [
    { name: "declared 51 MB", request: new Request(url(route, params), { method: "POST", headers: headers({ "content-type": form.contentType, "content-length": String(51 * MB) }), body: form.body }) },
    {
      name: "truncated multipart",
      request: new Request(url(route, params), { method: "POST", headers: headers({ "content-type": form.contentType, "content-length": String(form.body.byteLength) }), body: form.body.slice(0, -20) }),
    },
    { name: "multipart without a boundary", request: new Request(url(route, params), { method: "POST", headers: headers({ "content-type": "multipart/form-data" }), body: form.body }) },
    { name: "multipart without the file", request: await multipartRequest(route, params, auth, { other: "value" }) },
    { name: "empty body", request: new Request(url(route, params), { method: "POST", headers: headers({ "content-type": form.contentType }) }) },
  ];
}

async function multipartRequest(route: string, params: Record<string, string>, auth: Auth, fields: Record<string, string | File>): Promise<Request> {
  const { body, contentType } = await multipart(fields);
  return new Request(url(route, params), { method: "POST", headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, "content-type": contentType }, body });
}

const tenantGet = (route: string, auth: Auth, params: Record<string, string>) => new Request(url(route, { tenant: auth.tenantId, ...params }), { headers: { cookie: auth.cookie } });

const trpcRequest = (auth: Auth, pathname: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`http://localhost/api/trpc/${pathname}`, { ...init, headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, ...init.headers } });

const ROUTE_CASES: Record<string, RouteCase> = {
  "POST /api/crm/imports": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/crm/imports", auth, "file")),
      { name: "raw CSV without an entity", request: new Request(url("/api/crm/imports"), { method: "POST", headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, "content-type": "text/csv" }, body: "a,b\n1,2\n" }) },
      { name: "entity with a path", request: await multipartRequest("/api/crm/imports", {}, auth, { file: csvFile("x.csv"), entityType: "../../contact" }) },
      { name: "empty file with a traversal name", request: await multipartRequest("/api/crm/imports", {}, auth, { file: csvFile("../../x.csv", ""), entityType: "contact" }) },
      { name: "CSV with a NUL byte", request: await multipartRequest("/api/crm/imports", {}, auth, { file: csvFile("nul.csv", "First name,Notes\nAnn,a\u0000b\n"), entityType: "contact" }) },
    ],
  },
  "POST /api/inventory/imports": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/inventory/imports", auth, "file")),
      { name: "raw empty body", request: new Request(url("/api/inventory/imports"), { method: "POST", headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, "content-type": "text/csv" } }) },
      { name: "entity with a path", request: await multipartRequest("/api/inventory/imports", {}, auth, { file: csvFile("x.csv", "SKU,Name\nA,B\n"), entityType: "../../product" }) },
      { name: "empty file with a traversal name", request: await multipartRequest("/api/inventory/imports", {}, auth, { file: csvFile("../../x.csv", ""), entityType: "product" }) },
      { name: "CSV with a NUL byte", request: await multipartRequest("/api/inventory/imports", {}, auth, { file: csvFile("nul.csv", "SKU,Name\nA,a\u0000b\n") }) },
    ],
  },
  "POST /api/inventory/product-image": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/inventory/product-image", auth, "image", { product: crypto.randomUUID() })),
      { name: "product not a uuid", request: await multipartRequest("/api/inventory/product-image", { product: "../../etc" }, auth, { image: new File(["x"], "x.png", { type: "image/png" }) }) },
      {
        name: "text posing as a PNG for a product that does not exist",
        request: await multipartRequest("/api/inventory/product-image", { product: crypto.randomUUID() }, auth, { image: new File(["not an image"], "../../x.png", { type: "image/png" }) }),
      },
    ],
  },
  "GET /api/inventory/product-image": {
    expect: "refused",
    requests: (auth) => [
      { name: "no product", request: tenantGet("/api/inventory/product-image", auth, {}) },
      { name: "product with a path", request: tenantGet("/api/inventory/product-image", auth, { product: "../../etc/passwd" }) },
      { name: "no picture", request: tenantGet("/api/inventory/product-image", auth, { product: crypto.randomUUID() }) },
    ],
  },
  "POST /api/ai/documents": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/ai/documents", auth, "file")),
      { name: "an executable posing as a PDF", request: await multipartRequest("/api/ai/documents", {}, auth, { file: new File(["MZ\u0090\u0000binary"], "../../report.pdf", { type: "application/pdf" }) }) },
      { name: "a file type it does not read", request: await multipartRequest("/api/ai/documents", {}, auth, { file: new File(["#!/bin/sh\nrm -rf /\n"], "run.sh", { type: "text/x-sh" }) }) },
      { name: "title of 10,000 characters", request: await multipartRequest("/api/ai/documents", {}, auth, { file: new File(["# Notes\n"], "notes.md", { type: "text/markdown" }), title: "x".repeat(10_000) }) },
      { name: "title with control characters", request: await multipartRequest("/api/ai/documents", {}, auth, { file: new File(["# Notes\n"], "notes.md", { type: "text/markdown" }), title: "a\u0000b" }) },
    ],
  },
  "POST /api/ai/chat": {
    expect: "refused",
    requests: (auth) => {
      const chat = (body: string, extra: Record<string, string> = {}) =>
        new Request(url("/api/ai/chat"), { method: "POST", headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, "content-type": "application/json", ...extra }, body });
      return [
        { name: "declared 51 MB", request: chat('{"message":"hi"}', { "content-length": String(51 * MB) }) },
        { name: "truncated JSON", request: chat("{") },
        { name: "deeply nested JSON", request: chat(deepJson(5_000)) },
        { name: "blank question", request: chat('{"message":"   "}') },
        { name: "NUL in the question", request: chat(JSON.stringify({ message: "a\u0000b" })) },
        { name: "4,001 characters", request: chat(JSON.stringify({ message: "x".repeat(4_001) })) },
        { name: "an operator object as the question", request: chat(JSON.stringify({ message: { $ne: null } })) },
        { name: "conversation id with a path", request: chat(JSON.stringify({ message: "hi", conversationId: "../../x" })) },
        { name: "someone else's or no conversation", request: chat(JSON.stringify({ message: "hi", conversationId: crypto.randomUUID() })) },
      ];
    },
  },
  "GET /api/ai/documents/file": {
    expect: "refused",
    requests: (auth) => [
      { name: "no document", request: tenantGet("/api/ai/documents/file", auth, {}) },
      { name: "document with a path", request: tenantGet("/api/ai/documents/file", auth, { document: "../../etc/passwd" }) },
      { name: "unknown document", request: tenantGet("/api/ai/documents/file", auth, { document: crypto.randomUUID() }) },
      { name: "tenant not a uuid", request: new Request(url("/api/ai/documents/file", { tenant: "../../etc", document: crypto.randomUUID() }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "POST /api/orgs/logo": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/orgs/logo", auth, "logo")),
      { name: "not multipart", request: new Request(url("/api/orgs/logo"), { method: "POST", headers: { cookie: auth.cookie, "x-tenant-id": auth.tenantId, "content-type": "image/png" }, body: "png" }) },
      ...(await Promise.all(
        TRAVERSAL_NAMES.map(async (name) => ({
          name: `text posing as a PNG named ${JSON.stringify(name)}`,
          request: await multipartRequest("/api/orgs/logo", {}, auth, { logo: new File(["not an image"], name, { type: "image/png" }) }),
        })),
      )),
    ],
  },
  "POST /api/crm/export": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse(`/api/crm/export`, auth, "selection", { tenant: auth.tenantId })).filter((r) => r.name !== "multipart without the file"),
      { name: "no selection", request: await multipartRequest("/api/crm/export", { tenant: auth.tenantId }, auth, { entity: "contact" }) },
      { name: "selection not JSON", request: await multipartRequest("/api/crm/export", { tenant: auth.tenantId }, auth, { entity: "contact", selection: "{" }) },
      { name: "ids not uuids", request: await multipartRequest("/api/crm/export", { tenant: auth.tenantId }, auth, { entity: "contact", selection: JSON.stringify({ ids: ["1 or 1=1"] }) }) },
      { name: "ids and exclusions at once", request: await multipartRequest("/api/crm/export", { tenant: auth.tenantId }, auth, { entity: "contact", selection: JSON.stringify({ ids: [crypto.randomUUID()], excludeIds: [] }) }) },
      { name: "entity with a path", request: await multipartRequest("/api/crm/export", { tenant: auth.tenantId }, auth, { entity: "../../etc/passwd", selection: JSON.stringify({ excludeIds: [] }) }) },
    ],
  },
  "GET /api/orgs/logo": {
    expect: "refused",
    requests: (auth) => [
      { name: "tenant with a path", request: new Request(url("/api/orgs/logo", { tenant: "../../etc" }), { headers: { cookie: auth.cookie } }) },
      { name: "no logo yet", request: tenantGet("/api/orgs/logo", auth, {}) },
    ],
  },
  "POST /api/account/avatar": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse("/api/account/avatar", auth, "avatar")),
      { name: "not multipart", request: new Request(url("/api/account/avatar"), { method: "POST", headers: { cookie: auth.cookie, "content-type": "image/png" }, body: "png" }) },
      { name: "signed out", request: new Request(url("/api/account/avatar"), { method: "POST", headers: { "content-type": "image/png" }, body: "png" }) },
      ...(await Promise.all(
        TRAVERSAL_NAMES.map(async (name) => ({
          name: `an SVG posing as a PNG named ${JSON.stringify(name)}`,
          request: await multipartRequest("/api/account/avatar", {}, auth, { avatar: new File(["<svg onload='alert(1)'/>"], name, { type: "image/png" }) }),
        })),
      )),
    ],
  },
  "GET /api/account/avatar": {
    expect: "refused",
    requests: (auth) => [
      { name: "no avatar yet", request: new Request(url("/api/account/avatar"), { headers: { cookie: auth.cookie } }) },
      { name: "signed out", request: new Request(url("/api/account/avatar")) },
    ],
  },
  "GET /api/avatars/[userId]": {
    expect: "refused",
    requests: (auth) => [
      { name: "user id with a path", request: tenantGet("/api/avatars/..%2F..%2Fetc", auth, {}) },
      { name: "user id not a uuid", request: tenantGet("/api/avatars/1%20or%201=1", auth, {}) },
      { name: "a stranger's id", request: tenantGet(`/api/avatars/${crypto.randomUUID()}`, auth, {}) },
      { name: "no tenant", request: new Request(url(`/api/avatars/${crypto.randomUUID()}`), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "GET /api/audit/export": {
    expect: "refused",
    requests: (auth) => [
      { name: "NUL in a filter", request: tenantGet("/api/audit/export", auth, { action: "a\u0000" }) },
      { name: "control character in a filter", request: tenantGet("/api/audit/export", auth, { entityType: "a\u0007" }) },
      { name: "1 MB filter", request: tenantGet("/api/audit/export", auth, { entityId: "x".repeat(MB) }) },
      { name: "date before year 1", request: tenantGet("/api/audit/export", auth, { from: "-271821-04-20" }) },
      { name: "not a date", request: tenantGet("/api/audit/export", auth, { to: "tomorrow" }) },
      { name: "actor not a uuid", request: tenantGet("/api/audit/export", auth, { actorUserId: "1 or 1=1" }) },
      { name: "tenant not a uuid", request: new Request(url("/api/audit/export", { tenant: "x" }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "GET /api/crm/export": {
    expect: "refused",
    requests: (auth) => [
      { name: "entity with a path", request: tenantGet("/api/crm/export", auth, { entity: "../../etc/passwd" }) },
      { name: "filters not JSON", request: tenantGet("/api/crm/export", auth, { entity: "contact", filters: "{" }) },
      { name: "NUL in a filter", request: tenantGet("/api/crm/export", auth, { entity: "contact", filters: JSON.stringify({ q: "a\u0000" }) }) },
      { name: "filters nested deeply", request: tenantGet("/api/crm/export", auth, { entity: "contact", filters: `{"q":${deepJson(5_000)}}` }) },
      { name: "1 MB of filters", request: tenantGet("/api/crm/export", auth, { entity: "contact", filters: JSON.stringify({ tags: Array.from({ length: 30_000 }, () => "tag") }) }) },
      { name: "sort on an unknown field", request: tenantGet("/api/crm/export", auth, { entity: "contact", sort: JSON.stringify({ field: "password", direction: "asc" }) }) },
      { name: "date filter before year 1", request: tenantGet("/api/crm/export", auth, { entity: "deal", filters: JSON.stringify({ createdFrom: "-271821-04-20" }) }) },
    ],
  },
  "GET /api/accounting/report": {
    expect: "refused",
    requests: (auth) => [
      { name: "report with a path", request: tenantGet("/api/accounting/report", auth, { report: "../../etc/passwd" }) },
      { name: "no report", request: tenantGet("/api/accounting/report", auth, {}) },
      { name: "from not a date", request: tenantGet("/api/accounting/report", auth, { report: "trial-balance", from: "1 or 1=1" }) },
      { name: "date before year 1", request: tenantGet("/api/accounting/report", auth, { report: "income-statement", to: "-271821-04-20" }) },
      { name: "as of not a date", request: tenantGet("/api/accounting/report", auth, { report: "balance-sheet", to: "tomorrow" }) },
      { name: "from after to", request: tenantGet("/api/accounting/report", auth, { report: "trial-balance", from: "2026-12-31", to: "2026-01-01" }) },
      { name: "tenant not a uuid", request: new Request(url("/api/accounting/report", { tenant: "../../etc", report: "trial-balance" }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "GET /api/accounting/document-report": {
    expect: "refused",
    requests: (auth) => [
      { name: "report with a path", request: tenantGet("/api/accounting/document-report", auth, { report: "../../etc/passwd" }) },
      { name: "no report", request: tenantGet("/api/accounting/document-report", auth, {}) },
      { name: "as of not a date", request: tenantGet("/api/accounting/document-report", auth, { report: "ar-aging", to: "tomorrow" }) },
      { name: "date before year 1", request: tenantGet("/api/accounting/document-report", auth, { report: "ap-aging", to: "-271821-04-20" }) },
      { name: "tax without a period", request: tenantGet("/api/accounting/document-report", auth, { report: "tax" }) },
      { name: "tax from after to", request: tenantGet("/api/accounting/document-report", auth, { report: "tax", from: "2026-12-31", to: "2026-01-01" }) },
      { name: "tenant not a uuid", request: new Request(url("/api/accounting/document-report", { tenant: "../../etc", report: "tax" }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "GET /api/accounting/documents/[id]/pdf": {
    expect: "refused",
    requests: (auth) => [
      { name: "id not a uuid", request: tenantGet("/api/accounting/documents/1%20or%201=1/pdf", auth, {}) },
      { name: "id with a path", request: tenantGet("/api/accounting/documents/..%2F..%2Fetc/pdf", auth, {}) },
      { name: "unknown document", request: tenantGet(`/api/accounting/documents/${crypto.randomUUID()}/pdf`, auth, {}) },
      { name: "tenant not a uuid", request: new Request(url(`/api/accounting/documents/${crypto.randomUUID()}/pdf`, { tenant: "../../etc" }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "GET /api/inventory/export": {
    expect: "refused",
    requests: (auth) => [
      { name: "filters not JSON", request: tenantGet("/api/inventory/export", auth, { filters: "{" }) },
      { name: "NUL in a filter", request: tenantGet("/api/inventory/export", auth, { filters: JSON.stringify({ q: "a\u0000" }) }) },
      { name: "filters nested deeply", request: tenantGet("/api/inventory/export", auth, { filters: `{"q":${deepJson(5_000)}}` }) },
      { name: "1 MB filter", request: tenantGet("/api/inventory/export", auth, { filters: JSON.stringify({ category: "x".repeat(MB) }) }) },
      { name: "sort on an unknown field", request: tenantGet("/api/inventory/export", auth, { sort: JSON.stringify({ field: "standard_cost_minor", direction: "asc" }) }) },
      { name: "tenant not a uuid", request: new Request(url("/api/inventory/export", { tenant: "../../etc" }), { headers: { cookie: auth.cookie } }) },
    ],
  },
  "POST /api/inventory/export": {
    expect: "refused",
    requests: async (auth) => [
      ...(await uploadAbuse(`/api/inventory/export`, auth, "selection", { tenant: auth.tenantId })).filter((r) => r.name !== "multipart without the file"),
      { name: "no selection", request: await multipartRequest("/api/inventory/export", { tenant: auth.tenantId }, auth, { filters: "{}" }) },
      { name: "selection not JSON", request: await multipartRequest("/api/inventory/export", { tenant: auth.tenantId }, auth, { selection: "{" }) },
      { name: "ids not uuids", request: await multipartRequest("/api/inventory/export", { tenant: auth.tenantId }, auth, { selection: JSON.stringify({ ids: ["1 or 1=1"] }) }) },
      { name: "ids and exclusions at once", request: await multipartRequest("/api/inventory/export", { tenant: auth.tenantId }, auth, { selection: JSON.stringify({ ids: [crypto.randomUUID()], excludeIds: [] }) }) },
    ],
  },
  "GET /api/trpc/[trpc]": {
    expect: "refused",
    requests: (auth) => [
      { name: "input not JSON", request: trpcRequest(auth, "crm.contacts.list?input=%7B") },
      { name: "unknown procedure", request: trpcRequest(auth, "crm.contacts.drop") },
      { name: "procedure path with a NUL", request: trpcRequest(auth, "crm.contacts.list%00") },
      { name: "batch over the limit", request: trpcRequest(auth, `${Array.from({ length: MAX_BATCH_SIZE + 1 }, () => "orgs.current").join(",")}?batch=1&input=%7B%7D`) },
      { name: "a mutation as GET", request: trpcRequest(auth, "crm.companies.create?input=%7B%22json%22%3A%7B%22name%22%3A%22GET%22%7D%7D") },
    ],
  },
  "POST /api/trpc/[trpc]": {
    expect: "refused",
    requests: (auth) => [
      { name: "truncated JSON", request: trpcRequest(auth, "crm.companies.create", { method: "POST", headers: { "content-type": "application/json" }, body: '{"json":{"name":"Cut' }) },
      { name: "wrong content type", request: trpcRequest(auth, "crm.companies.create", { method: "POST", headers: { "content-type": "text/plain" }, body: '{"json":{"name":"Plain"}}' }) },
      {
        name: "3 MB body",
        request: trpcRequest(auth, "crm.companies.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { name: "x".repeat(3 * MB) } }) }),
      },
      { name: "deeply nested JSON", request: trpcRequest(auth, "crm.companies.create", { method: "POST", headers: { "content-type": "application/json" }, body: `{"json":${deepJson(5_000)}}` }) },
      { name: "a query as POST", request: trpcRequest(auth, "crm.contacts.list", { method: "POST", headers: { "content-type": "application/json" }, body: '{"json":{}}' }) },
    ],
  },
  // Answered by the route itself (not by Next) so they carry the API's security headers.
  ...Object.fromEntries(
    (["PUT", "PATCH", "DELETE"] as const).map((method) => [
      `${method} /api/trpc/[trpc]`,
      {
        expect: "refused",
        requests: (auth: Auth) => [
          { name: `a write as ${method}`, request: trpcRequest(auth, "crm.companies.create", { method, headers: { "content-type": "application/json" }, body: '{"json":{"name":"Put"}}' }) },
        ],
      } satisfies RouteCase,
    ]),
  ),
  "OPTIONS /api/trpc/[trpc]": {
    expect: "no server error",
    requests: (auth) => [
      { name: "preflight from another site", request: trpcRequest(auth, "crm.companies.create", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } }) },
    ],
  },
  // Public: nothing of a tenant, nothing to refuse; hostile input must still not break them.
  "GET /api/health": { expect: "no server error", requests: () => [{ name: "junk query", request: new Request(url("/api/health", { x: "\u0000".repeat(10) })) }] },
  "GET /api/ready": { expect: "no server error", requests: () => [{ name: "junk query", request: new Request(url("/api/ready", { x: "x".repeat(MB) })) }] },
  // Metrics: off (404) without METRICS_TOKEN, 401 without its bearer (platform/metrics.test.ts covers both and the 200).
  "GET /api/metrics": {
    expect: "refused",
    requests: () => [
      { name: "junk bearer", request: new Request(url("/api/metrics"), { headers: { authorization: `Bearer ${"\u00ff".repeat(1000)}` } }) },
      { name: "a session cookie instead of the token", request: new Request(url("/api/metrics"), { headers: { cookie: "neuroops.session=forged" } }) },
    ],
  },
  "GET /api/inngest": { expect: "refused", requests: () => [{ name: "unconfigured", request: new Request(url("/api/inngest", { fnId: "../../x" })) }] },
  "POST /api/inngest": { expect: "refused", requests: () => [{ name: "unconfigured, hostile body", request: new Request(url("/api/inngest"), { method: "POST", headers: { "content-type": "application/json" }, body: "{" }) }] },
  "PUT /api/inngest": { expect: "refused", requests: () => [{ name: "unconfigured", request: new Request(url("/api/inngest"), { method: "PUT", body: "x".repeat(MB) }) }] },
  // Stripe's deliveries: nothing is stored without a valid signature (billing/webhook.test.ts signs real ones).
  "POST /api/stripe/webhook": {
    expect: "refused",
    requests: () => [
      { name: "no signature", request: new Request(url("/api/stripe/webhook"), { method: "POST", headers: { "content-type": "application/json" }, body: '{"id":"evt_1","type":"invoice.paid"}' }) },
      { name: "forged signature", request: new Request(url("/api/stripe/webhook"), { method: "POST", headers: { "stripe-signature": "t=1,v1=00", "content-type": "application/json" }, body: "{" }) },
      { name: "declared 51 MB", request: new Request(url("/api/stripe/webhook"), { method: "POST", headers: { "stripe-signature": "t=1,v1=00", "content-length": String(51 * MB) }, body: "{}" }) },
    ],
  },
  // next-auth reads cookies() from Next's request scope, which only `next start` has (the e2e
  // sign-in specs run it); the credentials check behind it is attacked below.
  "GET /api/auth/[...nextauth]": { skip: "next-auth needs Next's request scope" },
  "POST /api/auth/[...nextauth]": { skip: "next-auth needs Next's request scope" },
};

/** Every exported HTTP method of every route.ts under src/app/api, as "METHOD /api/…". */
async function routeHandlers(): Promise<Map<string, Handler>> {
  const handlers = new Map<string, Handler>();
  const files = readdirSync(API_DIR, { recursive: true, encoding: "utf8" }).filter((file) => path.basename(file) === "route.ts");
  for (const file of files) {
    const route = `/api/${path.dirname(file).split(path.sep).join("/")}`;
    const exports = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    for (const method of METHODS) if (typeof exports[method] === "function") handlers.set(`${method} ${route}`, exports[method] as Handler);
  }
  return handlers;
}

let fixture: TenantFixture;
let auth: Auth;
let handlers: Map<string, Handler>;

beforeAll(async () => {
  fixture = await buildTenantFixture();
  auth = { cookie: await sessionCookie(fixture.owner), tenantId: fixture.tenantId };
  handlers = await routeHandlers();
});

async function outcomeOf(handler: Handler, hostile: HostileRequest): Promise<{ status: number; message: string }> {
  const response = await handler(hostile.request, hostile.context);
  const text = await response.text();
  let message = text;
  try {
    const body = JSON.parse(text) as { error?: string | { json?: { message?: string } } } | { error?: { json?: { message?: string } } }[];
    const first = Array.isArray(body) ? body[0] : body;
    message = typeof first?.error === "string" ? first.error : (first?.error?.json?.message ?? text);
  } catch {
    // not JSON: the text itself
  }
  return { status: response.status, message };
}

describe("hostile requests to route handlers", () => {
  it("has a row for every route handler and method under src/app/api", () => {
    expect([...handlers.keys()].filter((key) => !(key in ROUTE_CASES)).sort()).toEqual([]);
    expect(Object.keys(ROUTE_CASES).filter((key) => !handlers.has(key))).toEqual([]);
  });

  const runnable = Object.entries(ROUTE_CASES).flatMap(([key, routeCase]) => ("skip" in routeCase ? [] : [[key, routeCase] as const]));
  describe.each(runnable)("%s", (key, routeCase) => {
    it(routeCase.expect === "refused" ? "refuses each with a 4xx and a message, changing nothing" : "answers each without a server error", async () => {
      const before = await tenantSnapshot(fixture.tenantId, fixture.owner.id);
      const failures: string[] = [];
      for (const hostile of await routeCase.requests(auth)) {
        const { status, message } = await outcomeOf(handlers.get(key)!, hostile);
        const refused = status >= 400 && status < 500 && message !== "" && message !== INTERNAL_ERROR_MESSAGE;
        if (routeCase.expect === "refused" ? !refused : status >= 500) failures.push(`${hostile.name}: answered ${status} ${message.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
      expect(await tenantSnapshot(fixture.tenantId, fixture.owner.id)).toEqual(before);
    });
  });
});

describe("uploads with path-traversal file names", () => {
  it("keep only the base name of an import's file; nothing but the import is stored", async () => {
    const post = handlers.get("POST /api/crm/imports")!;
    for (const name of TRAVERSAL_NAMES) {
      const response = await post(await multipartRequest("/api/crm/imports", {}, auth, { file: csvFile(name), entityType: "contact" }), undefined);
      expect(response.status).toBe(201);
      const created = (await response.json()) as { id: string; fileName: string };
      expect(created.fileName).not.toMatch(/[/\\\u0000]/);
      const [stored] = await inTenant(fixture.tenantId, (tx) => tx.execute<{ file_name: string }>(sql`select file_name from crm_imports where id = ${created.id}`));
      expect(stored!.file_name).toBe(created.fileName);
    }
  });
});

describe("sign-in credentials (behind /api/auth)", () => {
  it("refuses NUL, control characters, 1 MB values and wrong types without an error", async () => {
    const hostile = [
      { email: `${fixture.owner.email}\u0000`, password: "correct-horse-battery" },
      { email: fixture.owner.email, password: "x".repeat(MB) },
      { email: "a\u0007@example.test", password: "p" },
      { email: { $ne: null }, password: ["x"] },
      "not an object",
    ];
    for (const credentials of hostile) expect(await authorizeCredentials(credentials, {})).toBeNull();
  });
});
