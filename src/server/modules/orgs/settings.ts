import { randomUUID } from "node:crypto";
import { IMAGE_CONTENT_TYPES, sniffImageType } from "../../platform/images";
import { deleteAfterCommit, storageKeys, storeThenCommit, type FileLocation } from "../../storage";
import { eq, sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { Conflict, Forbidden, ValidationFailed } from "../../platform/errors";
import { recordAudit } from "../audit/service";
import { roleAtLeast } from "./roles";
import { tenantLogos, tenants, type MemberRole } from "./schema";
import { organizationSettingsInput, type OrganizationSettingsInput } from "./validation";
import { ORGS } from "./permissions";


const settingsColumns = {
  id: tenants.id,
  name: tenants.name,
  slug: tenants.slug,
  baseCurrency: tenants.baseCurrency,
  timeZone: tenants.timeZone,
  fiscalYearStartMonth: tenants.fiscalYearStartMonth,
  updatedAt: tenants.updatedAt,
};

const currentTenant = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/**
 * The current organization's identity and regional settings (currency, time zone, fiscal
 * year): what other modules need to know about the tenant they run in. Orgs owns
 * `tenants`; modules call this instead of reading it.
 */
export async function currentOrganization(tx: TenantTx) {
  const [row] = await tx.select(settingsColumns).from(tenants).where(eq(tenants.id, currentTenant));
  if (!row) throw new Error("currentOrganization needs a tenant transaction");
  return row;
}

export async function getOrganizationSettings(tx: TenantTx) {
  const [row] = await tx
    .select({ ...settingsColumns, hasLogo: sql<boolean>`exists (select 1 from ${tenantLogos})` })
    .from(tenants)
    .where(eq(tenants.id, currentTenant));
  return row!;
}

/**
 * Owners and admins change the settings. A new slug keeps the old one as a redirect;
 * a slug another organization uses (now or before) is refused.
 */
export async function updateOrganizationSettings(tx: TenantTx, role: MemberRole, rawInput: OrganizationSettingsInput) {
  if (!roleAtLeast(role, ORGS.manage)) throw new Forbidden("Only owners and admins can change the organization's settings.");
  const input = organizationSettingsInput.parse(rawInput);
  const [before] = await tx.select().from(tenants).where(eq(tenants.id, currentTenant)).for("update");
  const current = before!;
  let previousSlugs = current.previousSlugs;
  if (input.slug !== current.slug) {
    const [taken] = await tx.execute<{ id: string }>(sql`
      select id from tenants where id <> ${current.id} and (slug = ${input.slug} or ${input.slug} = any(previous_slugs)) limit 1`);
    if (taken) throw new ValidationFailed({ slug: ["That address is taken. Choose another."] });
    previousSlugs = [...new Set([...current.previousSlugs.filter((slug) => slug !== input.slug), current.slug])];
  }
  try {
    await tx
      .update(tenants)
      .set({ ...input, previousSlugs, updatedAt: sql`now()` })
      .where(eq(tenants.id, current.id));
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === "23505") throw new ValidationFailed({ slug: ["That address is taken. Choose another."] });
    throw error;
  }
  const pick = (t: typeof current | typeof input) => ({
    name: t.name,
    slug: t.slug,
    baseCurrency: t.baseCurrency,
    timeZone: t.timeZone,
    fiscalYearStartMonth: t.fiscalYearStartMonth,
  });
  await recordAudit(tx, { action: "organization.updated", entityType: "organization", entityId: current.id, before: pick(current), after: pick(input) });
  return getOrganizationSettings(tx);
}

export const LOGO_MAX_BYTES = 512 * 1024;

type EnterTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** PNG, JPEG or WebP up to 512 KB, checked by content, not by the name the browser sent. SVG is refused (scripts). */
function checkLogo(role: MemberRole, contentType: string, bytes: Buffer): void {
  if (!roleAtLeast(role, ORGS.manage)) throw new Forbidden("Only owners and admins can change the logo.");
  if (!IMAGE_CONTENT_TYPES.includes(contentType)) throw new ValidationFailed({ logo: ["Upload a PNG, JPEG or WebP image."] });
  if (bytes.length === 0) throw new ValidationFailed({ logo: ["The file is empty."] });
  if (bytes.length > LOGO_MAX_BYTES) throw new ValidationFailed({ logo: [`The image is ${Math.ceil(bytes.length / 1024)} KB; the limit is 512 KB.`] });
  if (sniffImageType(bytes) !== contentType) throw new ValidationFailed({ logo: [`The file is not a valid ${contentType.replace("image/", "").toUpperCase()} image.`] });
}

/**
 * Replaces the logo with bytes already stored at `location` (or, without one, kept in the
 * row). The previous logo's object is deleted once this transaction commits.
 */
export async function setOrganizationLogo(tx: TenantTx, role: MemberRole, contentType: string, bytes: Buffer, location?: FileLocation) {
  checkLogo(role, contentType, bytes);
  const stored = location ?? { bytes, objectKey: null };
  const [previous] = await tx.select({ objectKey: tenantLogos.objectKey }).from(tenantLogos).for("update");
  await tx
    .insert(tenantLogos)
    .values({ contentType, bytes: stored.bytes, objectKey: stored.objectKey })
    .onConflictDoUpdate({ target: tenantLogos.tenantId, set: { contentType, bytes: stored.bytes, objectKey: stored.objectKey, updatedAt: sql`now()` } });
  if (previous?.objectKey !== stored.objectKey) deleteAfterCommit(tx, [previous?.objectKey]);
  await recordAudit(tx, { action: "organization.logo_changed", entityType: "organization", after: { contentType, bytes: bytes.length } });
  return { contentType, size: bytes.length };
}

/**
 * The upload path: checks the image, stores it where files go (S3 when configured, outside
 * any transaction), then switches the row in a tenant transaction; the key is built from
 * `tenantId`, the tenant the caller's gate admitted.
 */
export async function uploadOrganizationLogo(enter: EnterTenant, tenantId: string, role: MemberRole, contentType: string, bytes: Buffer) {
  checkLogo(role, contentType, bytes);
  return storeThenCommit(storageKeys.logo(tenantId, randomUUID()), bytes, { contentType, size: bytes.length }, (location) =>
    enter((tx) => setOrganizationLogo(tx, role, contentType, bytes, location)),
  );
}

export async function removeOrganizationLogo(tx: TenantTx, role: MemberRole) {
  if (!roleAtLeast(role, ORGS.manage)) throw new Forbidden("Only owners and admins can change the logo.");
  const removed = await tx.delete(tenantLogos).returning({ tenantId: tenantLogos.tenantId, objectKey: tenantLogos.objectKey });
  if (removed.length === 0) throw new Conflict("There is no logo to remove.");
  deleteAfterCommit(tx, [removed[0]!.objectKey]);
  await recordAudit(tx, { action: "organization.logo_removed", entityType: "organization" });
  return { removed: true };
}

/** The logo's row: its bytes, or the object key to read after the transaction (storage's `openFile`). */
export async function getOrganizationLogo(tx: TenantTx) {
  const [logo] = await tx.select().from(tenantLogos);
  return logo ?? null;
}
