import { describe, expect, it } from "vitest";
import { createTenant, inTenant } from "../../../test/fixtures";
import { withTenant } from "../../db/tenant";
import { Forbidden, ValidationFailed } from "../../platform/errors";
import { listAuditEntries } from "../audit/service";
import { createOrganization, findOrganizationForUser } from "./service";
import { getOrganizationLogo, getOrganizationSettings, setOrganizationLogo, updateOrganizationSettings } from "./settings";

const valid = { name: "Renamed Co", baseCurrency: "EUR", timeZone: "Europe/Berlin", fiscalYearStartMonth: 4 };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

describe("organization settings", () => {
  it("updates the settings and keeps the old slug redirecting", async () => {
    const { org, owner } = await createTenant();
    const slug = `renamed-${Date.now()}`;
    const updated = await withTenant({ tenantId: org.id, userId: owner.id }, (tx) => updateOrganizationSettings(tx, "owner", { ...valid, slug }));
    expect(updated).toMatchObject({ ...valid, slug });
    expect(await findOrganizationForUser(owner.id, org.slug)).toMatchObject({ id: org.id, slug });
    const audit = await inTenant(org.id, (tx) => listAuditEntries(tx, { entityType: "organization" }));
    expect(audit.items[0]).toMatchObject({ action: "organization.updated" });
  });

  it("refuses a slug another organization uses now or used before", async () => {
    const { org: first, owner } = await createTenant();
    const { org: second, owner: secondOwner } = await createTenant();
    const update = (slug: string) =>
      withTenant({ tenantId: second.id, userId: secondOwner.id }, (tx) => updateOrganizationSettings(tx, "owner", { ...valid, slug }));
    await expect(update(first.slug)).rejects.toBeInstanceOf(ValidationFailed);
    const oldSlug = first.slug;
    await withTenant({ tenantId: first.id, userId: owner.id }, (tx) => updateOrganizationSettings(tx, "owner", { ...valid, slug: `moved-${Date.now()}` }));
    await expect(update(oldSlug)).rejects.toBeInstanceOf(ValidationFailed);
    // New organizations do not take it either.
    const third = await createOrganization(owner.id, { name: oldSlug });
    expect(third.slug).not.toBe(oldSlug);
  });

  it.each([
    ["an unknown currency", { baseCurrency: "XYZ1" }],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }],
    ["month 13", { fiscalYearStartMonth: 13 }],
    ["a slug with spaces", { slug: "two words" }],
    ["a reserved slug", { slug: "admin" }],
  ])("rejects %s and changes nothing", async (_label, override) => {
    const { org, owner } = await createTenant();
    const before = await inTenant(org.id, (tx) => getOrganizationSettings(tx));
    await expect(
      withTenant({ tenantId: org.id, userId: owner.id }, (tx) => updateOrganizationSettings(tx, "owner", { ...valid, slug: org.slug, ...override })),
    ).rejects.toThrow();
    expect(await inTenant(org.id, (tx) => getOrganizationSettings(tx))).toEqual(before);
  });

  it("is read-only for members", async () => {
    const { org } = await createTenant();
    await expect(inTenant(org.id, (tx) => updateOrganizationSettings(tx, "member", { ...valid, slug: org.slug }))).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("logo", () => {
  it("stores a PNG checked by content", async () => {
    const { org } = await createTenant();
    await inTenant(org.id, (tx) => setOrganizationLogo(tx, "admin", "image/png", PNG));
    expect(await inTenant(org.id, (tx) => getOrganizationLogo(tx))).toMatchObject({ contentType: "image/png" });
  });

  it.each([
    ["an SVG", "image/svg+xml", Buffer.from("<svg/>")],
    ["a text file claiming to be PNG", "image/png", Buffer.from("hello, not a png")],
    ["an image over 512 KB", "image/png", Buffer.concat([PNG, Buffer.alloc(600 * 1024)])],
    ["an empty file", "image/png", Buffer.alloc(0)],
  ])("refuses %s", async (_label, type, bytes) => {
    const { org } = await createTenant();
    await expect(inTenant(org.id, (tx) => setOrganizationLogo(tx, "admin", type, bytes))).rejects.toBeInstanceOf(ValidationFailed);
    expect(await inTenant(org.id, (tx) => getOrganizationLogo(tx))).toBeNull();
  });
});
