import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addMember, createTenant, createUser } from "../../test/fixtures";
import { sessionCookie } from "../../test/http";
import type { SessionUser } from "../modules/accounts/service";
import { suspendOrganization } from "../modules/orgs/administration";
import type { MemberRole } from "../modules/orgs/schema";
import {
  BadRequest,
  Conflict,
  DomainError,
  Forbidden,
  LimitReached,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  Unauthorized,
  UnsupportedMediaType,
  ValidationFailed,
} from "../platform/errors";
import { RateLimited } from "../platform/rate-limit";
import { BODY_TRUNCATED, FORM_UNREADABLE } from "./body";
import { INTERNAL_ERROR_MESSAGE, mapError } from "./errors";
import { tenantRoute, type TenantRouteHandler, type TenantRouteOptions } from "./tenant-route";

type Body = { error?: string; fieldErrors?: Record<string, string[]>; limit?: string; plan?: string; tenants?: string[]; setting?: string; bytes?: number };

const LIMIT = { maxBytes: 1024, tooLarge: "At most 1 KB.", field: "file" };

/** What the probe handler saw inside `ctx.withTenant`: the tenants whose rows it can read. */
const seeTenants: TenantRouteHandler = async (_request, ctx) => {
  const seen = await ctx.withTenant(async (tx) => {
    const rows = await tx.execute<{ tenant_id: string }>(sql`select distinct tenant_id from audit_log`);
    const [setting] = await tx.execute<{ tenant: string }>(sql`select current_setting('app.tenant_id') as tenant`);
    return { tenants: rows.map((row) => row.tenant_id), setting: setting!.tenant };
  });
  return Response.json({ ...seen, role: ctx.role, actor: ctx.actor, tenantName: ctx.tenant.name });
};

const readBody: TenantRouteHandler = async (_request, ctx) => Response.json({ bytes: (await ctx.readBody(LIMIT)).byteLength });
const readForm: TenantRouteHandler = async (_request, ctx) => Response.json({ fields: [...(await ctx.readForm(LIMIT)).keys()] });

async function call(
  handler: TenantRouteHandler,
  options: TenantRouteOptions,
  request: { tenant?: string; user?: Pick<SessionUser, "id" | "sessionVersion">; body?: BodyInit; headers?: Record<string, string>; query?: string },
): Promise<{ status: number; body: Body; headers: Headers }> {
  const headers = new Headers(request.headers);
  if (request.user) headers.set("cookie", await sessionCookie(request.user));
  if (request.tenant !== undefined) headers.set("x-tenant-id", request.tenant);
  const init: RequestInit & { duplex?: "half" } = { method: request.body === undefined ? "GET" : "POST", headers, body: request.body, duplex: "half" };
  const response = await tenantRoute(options, handler)(new Request(`http://localhost/api/probe${request.query ?? ""}`, init));
  return { status: response.status, body: (await response.json()) as Body, headers: response.headers };
}

async function team() {
  const { org, owner } = await createTenant();
  const people = {} as Record<Exclude<MemberRole, "owner">, SessionUser>;
  for (const role of ["admin", "member", "viewer"] as const) {
    people[role] = await createUser();
    await addMember(org.id, people[role].id, role);
  }
  return { org, owner, ...people };
}

describe("tenantRoute refuses before the handler runs", () => {
  it.each<{ rule: string; status: number; error: RegExp | string; options?: TenantRouteOptions; setup: (t: Awaited<ReturnType<typeof team>>) => Promise<Parameters<typeof call>[2]> }>([
    { rule: "signed out", status: 401, error: "Please sign in to continue.", setup: async (t) => ({ tenant: t.org.id }) },
    { rule: "an ended session", status: 401, error: /session has ended/, setup: async (t) => ({ tenant: t.org.id, user: { id: t.owner.id, sessionVersion: t.owner.sessionVersion - 1 } }) },
    { rule: "no tenant", status: 400, error: "No organization selected.", setup: async (t) => ({ user: t.owner }) },
    { rule: "a malformed tenant", status: 403, error: "You are not a member of this organization.", setup: async (t) => ({ tenant: "not-a-uuid", user: t.owner }) },
    {
      rule: "a malformed tenant in an app-built link",
      status: 400,
      error: /not valid/,
      options: { malformedTenant: "bad-request" },
      setup: async (t) => ({ query: "?tenant=not-a-uuid", user: t.owner }),
    },
    { rule: "a non-member", status: 403, error: "You are not a member of this organization.", setup: async (t) => ({ tenant: t.org.id, user: await createUser() }) },
    {
      rule: "a member of another tenant",
      status: 403,
      error: "You are not a member of this organization.",
      setup: async (t) => ({ tenant: t.org.id, user: (await createTenant()).owner }),
    },
    {
      rule: "a suspended tenant",
      status: 403,
      error: "This organization is suspended. Reason: Unpaid invoices. Contact support to restore access.",
      setup: async (t) => {
        await suspendOrganization(t.owner.id, t.org.id, "Unpaid invoices.");
        return { tenant: t.org.id, user: t.owner };
      },
    },
    { rule: "a role below the minimum", status: 403, error: "This needs the member role or higher; you are a viewer.", options: { minimumRole: "member" }, setup: async (t) => ({ tenant: t.org.id, user: t.viewer }) },
    { rule: "a member on an admin route", status: 403, error: "This needs the admin role or higher; you are a member.", options: { minimumRole: "admin" }, setup: async (t) => ({ tenant: t.org.id, user: t.member }) },
    {
      rule: "a role below the minimum, in the route's words",
      status: 403,
      error: "Only admins here.",
      options: { minimumRole: "admin", roleRefusal: "Only admins here." },
      setup: async (t) => ({ tenant: t.org.id, user: t.viewer }),
    },
  ])("answers $status to $rule", async ({ status, error, options, setup }) => {
    let ran = false;
    const response = await call(
      async () => {
        ran = true;
        return Response.json({});
      },
      options ?? {},
      await setup(await team()),
    );
    expect(response.status).toBe(status);
    expect(response.body.error).toEqual(typeof error === "string" ? error : expect.stringMatching(error));
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(ran).toBe(false);
  });

  it("reads nothing of the body for a stranger (and reads it for a member)", async () => {
    const { org, owner } = await createTenant();
    const probe = () => {
      const state = { pulled: false };
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            state.pulled = true;
            controller.enqueue(new Uint8Array(10));
            controller.close();
          },
        },
        { highWaterMark: 0 }, // pulled only when someone reads
      );
      return { state, body };
    };
    const stranger = probe();
    expect((await call(readBody, {}, { tenant: org.id, user: await createUser(), body: stranger.body })).status).toBe(403);
    expect(stranger.state.pulled).toBe(false);
    const member = probe();
    expect(await call(readBody, {}, { tenant: org.id, user: owner, body: member.body })).toMatchObject({ status: 200, body: { bytes: 10 } });
    expect(member.state.pulled).toBe(true);
  });
});

describe("tenantRoute admits a member", () => {
  it("runs the handler's database work in the tenant's own transaction, as that member", async () => {
    const t = await team();
    await createTenant(); // another tenant with audit rows of its own
    const response = await call(seeTenants, { minimumRole: "member" }, { tenant: t.org.id, user: t.member });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tenants: [t.org.id], setting: t.org.id, role: "member", actor: { userId: t.member.id, role: "member" }, tenantName: t.org.name });
  });

  it("takes the tenant from ?tenant= when there is no x-tenant-id header", async () => {
    const t = await team();
    const response = await call(seeTenants, {}, { query: `?tenant=${t.org.id}`, user: t.viewer });
    expect(response.status).toBe(200);
    expect(response.body.tenants).toEqual([t.org.id]);
  });
});

describe("the body reader", () => {
  const cases: { rule: string; body: () => BodyInit; headers?: Record<string, string>; status: number; error?: string; bytes?: number }[] = [
    { rule: "takes a body within the limit", body: () => new Uint8Array(1024), status: 200, bytes: 1024 },
    { rule: "refuses a declared length over the limit unread", body: () => new Uint8Array(10), headers: { "content-length": "1025" }, status: 413, error: LIMIT.tooLarge },
    { rule: "refuses a body over the limit whatever it declared", body: () => new Uint8Array(1025), status: 413, error: LIMIT.tooLarge },
    { rule: "refuses a body shorter than its Content-Length", body: () => new Uint8Array(100), headers: { "content-length": "1000" }, status: 400, error: BODY_TRUNCATED },
    {
      rule: "refuses an upload cut off mid-stream",
      body: () =>
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.error(new Error("socket hang up"));
          },
        }),
      status: 400,
      error: BODY_TRUNCATED,
    },
  ];
  it.each(cases)("$rule", async ({ body, headers, status, error, bytes }) => {
    const { org, owner } = await createTenant();
    const response = await call(readBody, {}, { tenant: org.id, user: owner, body: body(), headers });
    expect(response.status).toBe(status);
    if (error) expect(response.body).toMatchObject({ error, ...(status === 413 ? { fieldErrors: { file: [error] } } : {}) });
    if (bytes !== undefined) expect(response.body.bytes).toBe(bytes);
  });

  it("refuses a multipart body it cannot parse with 400", async () => {
    const { org, owner } = await createTenant();
    const response = await call(readForm, {}, { tenant: org.id, user: owner, body: "not multipart at all", headers: { "content-type": "multipart/form-data; boundary=x" } });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(FORM_UNREADABLE);
  });
});

describe("the one error table", () => {
  const thrown: { error: unknown; status: number; retryAfter?: string; body: Body }[] = [
    { error: new NotFound("No such thing."), status: 404, body: { error: "No such thing." } },
    { error: new Forbidden("Not yours."), status: 403, body: { error: "Not yours." } },
    { error: new Unauthorized("Sign in."), status: 401, body: { error: "Sign in." } },
    { error: new Conflict("Already there."), status: 409, body: { error: "Already there." } },
    { error: new ValidationFailed({ name: ["Too short."] }), status: 400, body: { error: "Too short.", fieldErrors: { name: ["Too short."] } } },
    { error: new PayloadTooLarge("file", "Too big."), status: 413, body: { error: "Too big.", fieldErrors: { file: ["Too big."] } } },
    { error: new BadRequest("Unreadable."), status: 400, body: { error: "Unreadable." } },
    { error: new UnsupportedMediaType("Send multipart."), status: 415, body: { error: "Send multipart." } },
    { error: new LimitReached("contacts", "free", "The free plan holds 1,000 contacts."), status: 403, body: { error: "The free plan holds 1,000 contacts.", limit: "contacts", plan: "free" } },
    { error: new ServiceUnavailable("Mail is down.", 30), status: 503, retryAfter: "30", body: { error: "Mail is down." } },
    { error: new RateLimited("Slow down.", 60), status: 429, retryAfter: "60", body: { error: "Slow down." } },
    { error: new DomainError("Some other rule."), status: 400, body: { error: "Some other rule." } },
    { error: z.object({ name: z.string().min(2, "Use at least 2 characters.") }).safeParse({ name: "x" }).error, status: 400, body: { error: "Use at least 2 characters.", fieldErrors: { name: ["Use at least 2 characters."] } } },
    { error: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), status: 503, retryAfter: "5", body: { error: expect.stringContaining("The database is not reachable") as unknown as string } },
    { error: new Error("a bug with a secret in it"), status: 500, body: { error: INTERNAL_ERROR_MESSAGE } },
  ];

  it.each(thrown.map((entry) => ({ ...entry, name: (entry.error as Error).constructor.name })))(
    "maps $name thrown by a route's handler to $status",
    async ({ error, status, retryAfter, body }) => {
      const { org, owner } = await createTenant();
      const response = await call(
        async () => {
          throw error;
        },
        {},
        { tenant: org.id, user: owner },
      );
      expect(response.status).toBe(status);
      expect(response.body).toEqual(body);
      expect(response.headers.get("retry-after")).toBe(retryAfter ?? null);
    },
  );

  it("gives tRPC the code whose HTTP status is the route's", () => {
    for (const { error, status } of thrown) {
      const mapped = mapError(error);
      expect(mapped.status).toBe(status);
      expect(getHTTPStatusCodeFromError(new TRPCError({ code: mapped.code }))).toBe(status);
    }
  });
});
