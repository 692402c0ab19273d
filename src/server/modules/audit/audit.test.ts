import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { GET as exportCsv } from "../../../app/api/audit/export/route";
import { addMember, createTenant, createUser } from "../../../test/fixtures";
import { sessionCookie } from "../../../test/http";
import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { tenants } from "../orgs/schema";
import { listAuditEntries, recordAudit } from "./service";

async function tenantWithLog() {
  const { org, owner } = await createTenant();
  const colleague = await createUser();
  await addMember(org.id, colleague.id, "member");
  await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    await recordAudit(tx, { action: "member.role_changed", entityType: "membership", entityId: colleague.id, before: { role: "viewer" }, after: { role: "member" } });
    await recordAudit(tx, { action: "member.removed", entityType: "membership", entityId: "x", before: { role: "member" } });
  });
  await withTenant({ tenantId: org.id, userId: colleague.id }, (tx) =>
    recordAudit(tx, { action: "invitation.created", entityType: "invitation", entityId: "i1", after: { email: "=HYPERLINK(\"x\")" } }),
  );
  return { org, owner, colleague };
}

describe("audit log filters", () => {
  it("filters by person, action (exact or prefix), entity and date range", async () => {
    const { org, owner, colleague } = await tenantWithLog();
    const list = (filters: Parameters<typeof listAuditEntries>[1]) =>
      withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, filters)).then((page) => page.items.map((e) => e.action));
    expect(await list({ actorUserId: colleague.id })).toEqual(["invitation.created"]);
    expect(await list({ action: "member." })).toEqual(["member.removed", "member.role_changed"]);
    expect(await list({ action: "member.removed" })).toEqual(["member.removed"]);
    expect(await list({ entityType: "invitation" })).toEqual(["invitation.created"]);
    expect(await list({ entityType: "membership", entityId: colleague.id })).toEqual(["member.role_changed"]);
    expect(await list({ from: new Date(Date.now() + 60_000) })).toEqual([]);
    expect((await list({ to: new Date(Date.now() + 60_000), actorUserId: owner.id })).length).toBeGreaterThanOrEqual(3);
  });

  it("rejects a date range that ends before it starts", async () => {
    const { org } = await tenantWithLog();
    await expect(withTenant({ tenantId: org.id }, (tx) => listAuditEntries(tx, { from: new Date(), to: new Date(Date.now() - 1000) }))).rejects.toThrow(
      /start date/,
    );
  });
});

/** The export is a Pro feature ("audit_export"); the tenants below are put on Pro unless the test is about Free. */
const onPro = (tenantId: string) => runtimeDb().update(tenants).set({ plan: "pro" }).where(eq(tenants.id, tenantId));

describe("CSV export", () => {
  const request = (tenantId: string, cookie: string, query = "") =>
    exportCsv(new Request(`http://localhost/api/audit/export?tenant=${tenantId}${query}`, { headers: { cookie } }));

  it("is refused on the Free plan, naming the plan and where to upgrade", async () => {
    const { org, owner } = await tenantWithLog();
    const response = await request(org.id, await sessionCookie(owner));
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain("Audit-log export is not included in your Free plan. Upgrade to Pro on Settings → Billing to use it.");
    expect(body).not.toContain("member.role_changed");
  });

  it("exports the filtered log with its before and after snapshots", async () => {
    const { org, owner } = await tenantWithLog();
    await onPro(org.id);
    const response = await request(org.id, await sessionCookie(owner), "&entityType=invitation");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const parsed = Papa.parse<string[]>((await response.text()).trim());
    expect(parsed.data[0]).toEqual(["id", "created_at", "actor_name", "actor_email", "action", "entity_type", "entity_id", "before", "after"]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data[1]![4]).toBe("invitation.created");
    expect(JSON.parse(parsed.data[1]![8]!)).toEqual({ email: '=HYPERLINK("x")' });
  });

  it("streams more rows than one page", async () => {
    const { org, owner } = await createTenant();
    await onPro(org.id);
    await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
      for (let i = 0; i < 1_205; i++) await recordAudit(tx, { action: "bulk.row", entityType: "bulk", entityId: String(i) });
    });
    const response = await request(org.id, await sessionCookie(owner), "&action=bulk.row");
    const rows = Papa.parse<string[]>((await response.text()).trim()).data;
    expect(rows).toHaveLength(1 + 1_205);
    expect(new Set(rows.slice(1).map((r) => r[6])).size).toBe(1_205);
  }, 60_000);

  it("is for owners and admins of the tenant only", async () => {
    const { org, colleague } = await tenantWithLog();
    await onPro(org.id);
    const { owner: outsider } = await createTenant();
    expect((await request(org.id, await sessionCookie(colleague))).status).toBe(403);
    const foreign = await request(org.id, await sessionCookie(outsider));
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).not.toContain("member.role_changed");
    expect((await request(org.id, "")).status).toBe(401);
    expect((await request("not-a-uuid", await sessionCookie(outsider))).status).toBe(400);
  });
});
