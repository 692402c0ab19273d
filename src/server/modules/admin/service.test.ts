import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, callerFor, contextFor, createTenant, createUser } from "../../../test/fixtures";
import { createVerifiedUser } from "../../../test/verified";
import { createCallerFactory } from "../../api/trpc";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { Conflict, NotFound, ValidationFailed } from "../../platform/errors";
import { reloadEnv } from "../../platform/env";
import type { SessionUser } from "../accounts/service";
import { getAuditEntry, listAuditEntries } from "../audit/service";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { tenants } from "../orgs/schema";
import { adminRouter } from "./router";
import { listOrganizations, suspendOrganization, unsuspendOrganization } from "../orgs/administration";

/**
 * Member counts come from neuroops_tenant_member_counts (SECURITY DEFINER), created by
 * the platform-admin migration: these tests run on the migrated schema.
 */

/** The admin router on its own: these tests do not depend on where it is mounted. */
const adminCaller = (user: SessionUser | null) => createCallerFactory(adminRouter)(contextFor(user));

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** One word unique to a test, so its organizations can be found by search among every other test's. */
const marker = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

let superAdmin: SessionUser;
const previousSuperAdminEmail = process.env.SUPER_ADMIN_EMAIL;

beforeAll(async () => {
  // Super-admin powers need the address verified.
  superAdmin = await createVerifiedUser({ name: "Platform Admin" });
  process.env.SUPER_ADMIN_EMAIL = superAdmin.email;
  reloadEnv();
});

afterAll(() => {
  if (previousSuperAdminEmail === undefined) delete process.env.SUPER_ADMIN_EMAIL;
  else process.env.SUPER_ADMIN_EMAIL = previousSuperAdminEmail;
  reloadEnv();
});

describe("listing organizations", () => {
  it("lists every organization newest first, with its member count, plan and status", async () => {
    const word = marker();
    const older = await createTenant(`Older ${word}`);
    const newer = await createTenant(`Newer ${word}`);
    await addMember(newer.org.id, (await createUser()).id, "member");
    await addMember(newer.org.id, (await createUser()).id, "viewer");

    const { items, nextCursor } = await listOrganizations({ search: word });
    expect(items.map((o) => o.id)).toEqual([newer.org.id, older.org.id]);
    expect(items[0]).toEqual({
      id: newer.org.id,
      slug: newer.org.slug,
      name: `Newer ${word}`,
      createdAt: expect.any(Date),
      memberCount: 3,
      plan: "free",
      suspendedAt: null,
      suspendedReason: null,
    });
    expect(items[1]).toMatchObject({ memberCount: 1, plan: "free" });
    expect(nextCursor).toBeNull();
  });

  it("counts members of every tenant although the app role cannot read other tenants' memberships", async () => {
    const word = marker();
    const { org } = await createTenant(`Counted ${word}`);
    await addMember(org.id, (await createUser()).id, "admin");
    // Outside a tenant transaction the app role sees no membership rows at all.
    const visible = await runtimeDb().execute(sql`select count(*)::int as n from memberships`);
    expect(visible[0]).toEqual({ n: 0 });
    const { items } = await listOrganizations({ search: word });
    expect(items).toEqual([expect.objectContaining({ id: org.id, memberCount: 2 })]);
  });

  it("pages newest first with a cursor, without repeating or skipping organizations", async () => {
    const word = marker();
    const created = [];
    for (const n of [1, 2, 3, 4, 5]) created.push((await createTenant(`Paged ${n} ${word}`)).org.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listOrganizations({ search: word, limit: 2, cursor });
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it("finds organizations by name or slug, ignoring case, with % and _ matching only themselves", async () => {
    const word = marker();
    const { org } = await createTenant(`Globex ${word}`);
    const percent = await createTenant(`100% Pure ${word}`);

    expect((await listOrganizations({ search: `GLOBEX ${word.toUpperCase()}` })).items.map((o) => o.id)).toEqual([org.id]);
    expect((await listOrganizations({ search: org.slug })).items.map((o) => o.id)).toEqual([org.id]);
    expect((await listOrganizations({ search: `  ${word}  ` })).items).toHaveLength(2);
    expect((await listOrganizations({ search: `100%` })).items.map((o) => o.id)).toContain(percent.org.id);
    expect((await listOrganizations({ search: `%${word}` })).items).toEqual([]);
    expect((await listOrganizations({ search: `globex_${word}` })).items).toEqual([]);
    expect((await listOrganizations({ search: `no such org ${word}` })).items).toEqual([]);
  });

  it("leaves out the reserved platform tenant, which is no organization", async () => {
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await listOrganizations({ limit: 100, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBeGreaterThan(0);
    expect(all.map((o) => o.id)).not.toContain(PLATFORM_TENANT_ID);
  });

  it("rejects a malformed cursor", async () => {
    await expect(listOrganizations({ cursor: "not-a-uuid" })).rejects.toBeInstanceOf(ValidationFailed);
  });
});

describe("suspending an organization", () => {
  it("suspends with the reason and audits it in that organization's log, with the super admin as actor", async () => {
    const { org } = await createTenant();
    const result = await suspendOrganization(superAdmin.id, org.id, "  Unpaid invoices since March.  ");
    expect(result).toMatchObject({ id: org.id, suspendedAt: expect.any(Date), suspendedReason: "Unpaid invoices since March." });

    const [row] = await runtimeDb().select().from(tenants).where(eq(tenants.id, org.id));
    expect(row).toMatchObject({ suspendedAt: result.suspendedAt, suspendedReason: "Unpaid invoices since March." });

    const audit = await withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, { entityType: "organization" }));
    expect(audit.items[0]).toMatchObject({
      action: "organization.suspended",
      entityType: "organization",
      entityId: org.id,
      actorUserId: superAdmin.id,
      actorEmail: superAdmin.email,
    });
    const entry = await withTenant({ tenantId: org.id }, (tx) => getAuditEntry(tx, audit.items[0]!.id));
    expect(entry).toMatchObject({
      before: { suspendedAt: null, suspendedReason: null },
      after: { suspendedAt: result.suspendedAt!.toISOString(), suspendedReason: "Unpaid invoices since March." },
    });
  });

  it("answers a suspended organization's members FORBIDDEN, naming the suspension; unsuspending restores access", async () => {
    const { org, owner } = await createTenant();
    const member = await createUser();
    await addMember(org.id, member.id, "member");
    await expect(callerFor(owner, org.id).orgs.current()).resolves.toMatchObject({ id: org.id });

    await suspendOrganization(superAdmin.id, org.id, "Terms of service violation.");
    for (const user of [owner, member]) {
      const failure = await errorOf(callerFor(user, org.id).orgs.current());
      expect(failure.code).toBe("FORBIDDEN");
      expect(failure.message).toMatch(/suspended/i);
      expect(failure.message).toContain("Terms of service violation.");
    }
    // Its listing still shows it to its members (the app shows them the suspended page).
    expect((await callerFor(owner).orgs.listMine()).find((o) => o.id === org.id)?.suspendedAt).toBeInstanceOf(Date);

    const restored = await unsuspendOrganization(superAdmin.id, org.id);
    expect(restored).toMatchObject({ suspendedAt: null, suspendedReason: null });
    await expect(callerFor(owner, org.id).orgs.current()).resolves.toMatchObject({ id: org.id });
    await expect(callerFor(member, org.id).orgs.current()).resolves.toMatchObject({ id: org.id, memberCount: 2 });

    const audit = await withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, { entityType: "organization" }));
    expect(audit.items.map((e) => [e.action, e.actorUserId])).toEqual([
      ["organization.unsuspended", superAdmin.id],
      ["organization.suspended", superAdmin.id],
      ["organization.created", owner.id],
    ]);
  });

  it("touches no other organization", async () => {
    const { org } = await createTenant();
    const other = await createTenant();
    await suspendOrganization(superAdmin.id, org.id, "Fraud review.");
    await expect(callerFor(other.owner, other.org.id).orgs.current()).resolves.toMatchObject({ id: other.org.id });
    const audit = await withTenant({ tenantId: other.org.id }, (tx) => listAuditEntries(tx, {}));
    expect(audit.items.map((e) => e.action)).toEqual(["organization.created"]);
  });

  it("refuses to suspend twice or to unsuspend an active organization, and changes nothing", async () => {
    const { org } = await createTenant();
    await expect(unsuspendOrganization(superAdmin.id, org.id)).rejects.toThrow(Conflict);
    await suspendOrganization(superAdmin.id, org.id, "First reason.");
    const again = suspendOrganization(superAdmin.id, org.id, "Second reason.");
    await expect(again).rejects.toBeInstanceOf(Conflict);
    await expect(again).rejects.toThrow(/already suspended/);
    const [row] = await runtimeDb().select().from(tenants).where(eq(tenants.id, org.id));
    expect(row!.suspendedReason).toBe("First reason.");
    const audit = await withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, { entityType: "organization" }));
    expect(audit.items.map((e) => e.action)).toEqual(["organization.suspended", "organization.created"]);
  });

  it("lets exactly one of two concurrent suspensions win", async () => {
    const { org } = await createTenant();
    const results = await Promise.allSettled([
      suspendOrganization(superAdmin.id, org.id, "Reason one."),
      suspendOrganization(superAdmin.id, org.id, "Reason two."),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(Conflict) });
  });

  it("answers NotFound for an organization that does not exist", async () => {
    const missing = crypto.randomUUID();
    await expect(suspendOrganization(superAdmin.id, missing, "Does not matter.")).rejects.toBeInstanceOf(NotFound);
    await expect(unsuspendOrganization(superAdmin.id, missing)).rejects.toBeInstanceOf(NotFound);
  });

  it("never suspends the reserved platform tenant", async () => {
    await expect(suspendOrganization(superAdmin.id, PLATFORM_TENANT_ID, "Not an organization.")).rejects.toThrow();
    const [platform] = await runtimeDb().select().from(tenants).where(eq(tenants.id, PLATFORM_TENANT_ID));
    expect(platform!.suspendedAt).toBeNull();
  });

  it.each([
    ["empty", "   "],
    ["too short", "no"],
    ["too long", "x".repeat(501)],
  ])("requires a reason of 3 to 500 characters (%s)", async (_label, reason) => {
    const { org } = await createTenant();
    const failure = suspendOrganization(superAdmin.id, org.id, reason);
    await expect(failure).rejects.toBeInstanceOf(ValidationFailed);
    await expect(failure).rejects.toMatchObject({ fields: { reason: [expect.any(String)] } });
    const [row] = await runtimeDb().select().from(tenants).where(eq(tenants.id, org.id));
    expect(row!.suspendedAt).toBeNull();
  });
});

describe("who may use the admin procedures", () => {
  it("answers FORBIDDEN to a signed-in user who is not the super admin, even an organization owner", async () => {
    const { org, owner } = await createTenant();
    const api = adminCaller(owner);
    for (const call of [
      () => api.organizations({}),
      () => api.suspend({ tenantId: org.id, reason: "Trying my luck." }),
      () => api.unsuspend({ tenantId: org.id }),
    ]) {
      expect(await errorOf(call())).toEqual({ code: "FORBIDDEN", message: "Only the platform super admin can do this." });
    }
    const [row] = await runtimeDb().select().from(tenants).where(eq(tenants.id, org.id));
    expect(row!.suspendedAt).toBeNull();
  });

  it("answers UNAUTHORIZED when signed out", async () => {
    expect((await errorOf(adminCaller(null).organizations({}))).code).toBe("UNAUTHORIZED");
  });

  it("lets the super admin list, suspend and unsuspend through the API", async () => {
    const word = marker();
    const { org } = await createTenant(`Via API ${word}`);
    const api = adminCaller(superAdmin);
    expect((await api.organizations({ search: word })).items).toEqual([expect.objectContaining({ id: org.id, memberCount: 1 })]);
    await expect(api.suspend({ tenantId: org.id, reason: "Abuse report #42." })).resolves.toMatchObject({ suspendedReason: "Abuse report #42." });
    expect(await errorOf(api.suspend({ tenantId: org.id, reason: "Again." }))).toMatchObject({ code: "CONFLICT" });
    expect((await api.organizations({ search: word })).items[0]).toMatchObject({ suspendedReason: "Abuse report #42." });
    await expect(api.unsuspend({ tenantId: org.id })).resolves.toMatchObject({ suspendedAt: null });
    expect(await errorOf(api.suspend({ tenantId: org.id, reason: "x" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await errorOf(api.unsuspend({ tenantId: crypto.randomUUID() }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("stops treating a user as super admin once SUPER_ADMIN_EMAIL names someone else", async () => {
    const api = adminCaller(superAdmin);
    await expect(api.organizations({ limit: 1 })).resolves.toBeDefined();
    process.env.SUPER_ADMIN_EMAIL = "someone-else@example.test";
    reloadEnv();
    try {
      expect((await errorOf(api.organizations({ limit: 1 }))).code).toBe("FORBIDDEN");
    } finally {
      process.env.SUPER_ADMIN_EMAIL = superAdmin.email;
      reloadEnv();
    }
  });

  it("does not let the super admin, who is not a member, into an organization's data", async () => {
    const { org } = await createTenant();
    const api = callerFor(superAdmin, org.id);
    for (const call of [() => api.orgs.current(), () => api.audit.list({ limit: 10 })]) {
      expect(await errorOf(call())).toEqual({ code: "FORBIDDEN", message: "You are not a member of this organization." });
    }
  });
});

describe("setting an organization's plan", () => {
  it("changes the plan, audits it in the organization's log, and is refused to others", async () => {
    const { org, owner } = await createTenant();
    const result = await adminCaller(superAdmin).setPlan({ tenantId: org.id, plan: "business" });
    expect(result).toEqual({ plan: "business" });
    const [row] = await runtimeDb().select({ plan: tenants.plan }).from(tenants).where(eq(tenants.id, org.id));
    expect(row!.plan).toBe("business");
    const entries = await withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, { limit: 5, action: "organization.plan_changed" }));
    expect(entries.items.map((e) => e.actorUserId)).toEqual([superAdmin.id]);
    expect(await errorOf(adminCaller(owner).setPlan({ tenantId: org.id, plan: "free" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(adminCaller(superAdmin).setPlan({ tenantId: org.id, plan: "gold" as "free" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await errorOf(adminCaller(superAdmin).setPlan({ tenantId: crypto.randomUUID(), plan: "pro" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
