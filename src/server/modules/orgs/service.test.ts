import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTenant, createUser, inTenant } from "../../../test/fixtures";
import { getAuditEntry, listAuditEntries } from "../audit/service";
import { withTenant } from "../../db/tenant";
import { createOrganization, findOrganizationForUser, getOrganizationSummary, listMembers, listMyOrganizations } from "./service";
import { slugCandidate, slugify } from "./slug";
import { roleAtLeast } from "./roles";

describe("slugs", () => {
  it.each([
    ["Acme Inc.", "acme-inc"],
    ["  Café Müller & Söhne ", "cafe-muller-sohne"],
    ["Ünïcödé---Name!!", "unicode-name"],
    ["日本", "org"],
    ["Admin", "admin-org"],
    ["x".repeat(80), "x".repeat(48)],
  ])("slugify(%j) = %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("suffixes candidates within the length limit", () => {
    expect(slugCandidate("acme", 0)).toBe("acme");
    expect(slugCandidate("acme", 1)).toBe("acme-2");
    expect(slugCandidate("y".repeat(48), 9)).toBe(`${"y".repeat(45)}-10`);
  });
});

describe("creating an organization", () => {
  it("makes the creator its owner and audits the creation in the same transaction", async () => {
    const user = await createUser();
    const org = await createOrganization(user.id, { name: "Globex Corporation" });
    expect(org).toMatchObject({ name: "Globex Corporation", role: "owner" });
    expect(org.slug).toMatch(/^globex-corporation(-\d+)?$/);
    const members = await inTenant(org.id, (tx) => listMembers(tx));
    expect(members).toEqual([expect.objectContaining({ userId: user.id, role: "owner" })]);
    const audit = await inTenant(org.id, (tx) => listAuditEntries(tx, {}));
    expect(audit.items).toEqual([expect.objectContaining({ action: "organization.created", entityId: org.id, actorUserId: user.id })]);
    const entry = await inTenant(org.id, (tx) => getAuditEntry(tx, audit.items[0]!.id));
    expect(entry).toMatchObject({ before: null, after: { name: org.name, slug: org.slug } });
  });

  it("gives organizations with the same name distinct slugs, even when created concurrently", async () => {
    const user = await createUser();
    const name = `Initech ${Date.now()}`;
    const orgs = await Promise.all([0, 1, 2, 3].map(() => createOrganization(user.id, { name })));
    const slugs = orgs.map((org) => org.slug);
    expect(new Set(slugs).size).toBe(4);
    expect(slugs).toContain(slugify(name));
  });

  it("rejects a one-letter name and creates nothing", async () => {
    const user = await createUser();
    await expect(createOrganization(user.id, { name: " x " })).rejects.toBeInstanceOf(ZodError);
    expect(await listMyOrganizations(user.id)).toEqual([]);
  });
});

describe("finding organizations", () => {
  it("lists only the user's own organizations", async () => {
    const { org: mine, owner } = await createTenant();
    await createTenant(); // someone else's
    const listed = await listMyOrganizations(owner.id);
    expect(listed.map((o) => o.id)).toEqual([mine.id]);
  });

  it("resolves a slug only for members", async () => {
    const { org, owner } = await createTenant();
    const stranger = await createUser();
    expect(await findOrganizationForUser(owner.id, org.slug)).toMatchObject({ id: org.id, role: "owner" });
    expect(await findOrganizationForUser(stranger.id, org.slug)).toBeNull();
  });
});

describe("members", () => {
  it("lists and counts only this organization's members for someone in two organizations", async () => {
    const { org: first, owner } = await createTenant();
    const second = await createOrganization(owner.id, { name: "Second Org" });
    const scoped = { tenantId: second.id, userId: owner.id };
    const members = await withTenant(scoped, (tx) => listMembers(tx));
    const summary = await withTenant(scoped, (tx) => getOrganizationSummary(tx));
    expect(members.map((m) => m.userId)).toEqual([owner.id]);
    expect(summary).toMatchObject({ id: second.id, memberCount: 1 });
    expect(first.id).not.toBe(second.id);
  });
});

describe("roles", () => {
  it("orders owner > admin > member > viewer", () => {
    expect(roleAtLeast("owner", "admin")).toBe(true);
    expect(roleAtLeast("admin", "admin")).toBe(true);
    expect(roleAtLeast("member", "admin")).toBe(false);
    expect(roleAtLeast("viewer", "member")).toBe(false);
    expect(roleAtLeast("viewer", "viewer")).toBe(true);
  });
});
