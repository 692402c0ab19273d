import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { recordConditions, recordFilterShape } from "../../../records/filters";
import { keysetPage, listInput, pageOf, type SortColumn } from "../../../records/lists";
import { recordAudit } from "../../audit/service";
import { assertMembers, optionalText, patchText, tagsInput, type CrmActor } from "../common";
import { COUNTRY_CODE_MESSAGE, isCountryCode } from "../validation";
import { listCustomFields, resolveCustomValues } from "../custom-fields";
import { addFollower, listFollowers } from "../followers";
import { crmTrash } from "../trash";
import { crmCompanies } from "../schema";

/* Companies (accounts): the organizations contacts work at and deals are made with. */

const COMPANY_IN_TRASH = "This company is in the trash. Restore it from CRM → Trash to open it.";

export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"] as const;

/** "https://www.Acme.com/about" → "acme.com"; null when nothing host-like is left. */
export function normalizeDomain(text: string): string | null {
  const host = text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/^www\./, "")
    .split(/[/?#:]/)[0]!;
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host) ? host : null;
}

const domainText = plainText().trim().max(300).nullish();

function toDomain(value: string | null | undefined, ctx: z.core.$RefinementCtx): string | null {
  if (!value) return null;
  const domain = normalizeDomain(value);
  if (!domain) {
    ctx.addIssue({ code: "custom", message: "Enter a domain like acme.com." });
    return z.NEVER;
  }
  return domain;
}

const companyFields = {
  name: plainText().trim().min(1, "Enter the company's name.").max(200, "A name can be at most 200 characters."),
  domain: domainText.transform(toDomain),
  industry: optionalText(100, "An industry"),
  size: z.enum(COMPANY_SIZES).nullish(),
  addressLine: optionalText(200, "An address"),
  city: optionalText(100, "A city"),
  region: optionalText(100, "A region"),
  postalCode: optionalText(20, "A postal code"),
  country: plainText()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, COUNTRY_CODE_MESSAGE)
    .nullish()
    .or(z.literal("").transform(() => null)),
  ownerId: z.uuid("Choose a member.").nullish(),
  tags: tagsInput.default([]),
  notes: optionalText(10_000, "Notes", { multiline: true }),
  custom: z.record(z.string(), z.unknown()).optional(),
};

export const createCompanyInput = z.object(companyFields);
export type CreateCompanyInput = z.input<typeof createCompanyInput>;

/** Partial: absent fields stay unchanged (undefined), empty ones are cleared (null). */
export const updateCompanyInput = z.object({
  id: z.uuid(),
  ...companyFields,
  name: companyFields.name.optional(),
  domain: domainText.transform((value, ctx) => (value === undefined ? undefined : toDomain(value, ctx))),
  industry: patchText(100, "An industry"),
  addressLine: patchText(200, "An address"),
  city: patchText(100, "A city"),
  region: patchText(100, "A region"),
  postalCode: patchText(20, "A postal code"),
  notes: patchText(10_000, "Notes", { multiline: true }),
  tags: tagsInput.optional(),
});

export type Company = typeof crmCompanies.$inferSelect;

function snapshot(company: Omit<Company, "search">) {
  const { search: _search, tenantId: _tenant, createdAt: _c, updatedAt: _u, ...rest } = company as Company;
  return rest;
}

export async function createCompany(tx: TenantTx, actor: CrmActor, rawInput: CreateCompanyInput): Promise<Company> {
  const input = parseInput(createCompanyInput, rawInput);
  await assertMembers(tx, [input.ownerId], "ownerId");
  const custom = await resolveCustomValues(tx, "company", input.custom, null);
  const id = crypto.randomUUID();
  await addFollower(tx, "company", id, actor.userId);
  const { ownerId, custom: _custom, ...fields } = input;
  const [company] = await tx
    .insert(crmCompanies)
    .values({ id, ...fields, ownerId: ownerId === undefined ? actor.userId : ownerId, custom })
    .returning();
  await recordAudit(tx, { action: "crm.company.created", entityType: "crm.company", entityId: id, after: snapshot(company!) });
  return company!;
}

/** A company with owner, followers and counts; NotFound if missing, merged away, in the trash (unless `includeTrashed`) or not visible. */
export async function getCompany(tx: TenantTx, id: string, viewerId?: string, options: { includeTrashed?: boolean } = {}) {
  const [row] = await tx.execute<{ owner_name: string | null; contact_count: number; open_deal_count: number }>(sql`
    select u.name as owner_name,
           (select count(*)::int from crm_contacts c where c.company_id = co.id and c.merged_into_id is null and c.deleted_at is null) as contact_count,
           (select count(*)::int from crm_deals d where d.company_id = co.id and d.status = 'open' and d.deleted_at is null) as open_deal_count
      from crm_companies co left join user_profiles u on u.id = co.owner_id
     where co.id = ${id}`);
  const [company] = await tx.select().from(crmCompanies).where(eq(crmCompanies.id, id));
  if (!company || !row) throw new NotFound("This company does not exist, or you do not have access to it.");
  if (company.deletedAt && !options.includeTrashed) throw new NotFound(COMPANY_IN_TRASH);
  const followers = await listFollowers(tx, "company", id);
  const { search: _search, ...fields } = company;
  return {
    ...fields,
    owner: company.ownerId ? { id: company.ownerId, name: row.owner_name } : null,
    contactCount: row.contact_count,
    openDealCount: row.open_deal_count,
    followers,
    following: viewerId ? followers.some((f) => f.id === viewerId) : false,
  };
}

export async function updateCompany(tx: TenantTx, actor: CrmActor, rawInput: z.input<typeof updateCompanyInput>): Promise<Company> {
  const input = parseInput(updateCompanyInput, rawInput);
  const [before] = await tx.select().from(crmCompanies).where(eq(crmCompanies.id, input.id)).for("update");
  if (!before || before.mergedIntoId) throw new NotFound("This company does not exist, or you do not have access to it.");
  if (before.deletedAt) throw new NotFound(COMPANY_IN_TRASH);
  if (input.ownerId) await assertMembers(tx, [input.ownerId], "ownerId");
  const custom = input.custom === undefined ? before.custom : await resolveCustomValues(tx, "company", input.custom, before.custom);
  const { id, custom: _custom, ...given } = input;
  // Only the fields given change (absent ones parse to undefined; null clears).
  const changes = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<Company>;
  // Handing the company to someone else: follow it first, or a member who may only see
  // their own or followed records would lose sight of the row mid-update (the policy refuses that).
  if (changes.ownerId !== undefined && changes.ownerId !== actor.userId) await addFollower(tx, "company", id, actor.userId);
  const [after] = await tx
    .update(crmCompanies)
    .set({ ...changes, custom, updatedAt: new Date() })
    .where(eq(crmCompanies.id, id))
    .returning();
  await recordAudit(tx, { action: "crm.company.updated", entityType: "crm.company", entityId: id, before: snapshot(before), after: snapshot(after!) });
  return after!;
}

/**
 * Deletes a company: it moves to the trash (restorable for 30 days, then purged; see
 * ../trash.ts). Its contacts and deals stay live and keep pointing at it, shown without a
 * company while it is in the trash, so a restore brings the links back exactly.
 */
export async function deleteCompany(tx: TenantTx, actor: CrmActor, id: string): Promise<void> {
  await crmTrash.trashRecord(tx, actor, "company", id);
}

export const companySortFields = ["updatedAt", "createdAt", "name"] as const;

export const companyListInput = listInput(recordFilterShape, companySortFields);
export type CompanyListInput = z.input<typeof companyListInput>;

export const COMPANY_SORT: Record<(typeof companySortFields)[number], SortColumn[]> = {
  updatedAt: [{ expr: sql`co.updated_at`, cast: "timestamptz" }],
  createdAt: [{ expr: sql`co.created_at`, cast: "timestamptz" }],
  name: [{ expr: sql`co.sort_name`, cast: "text" }], // lower(name), stored (schema.ts: an index condition under RLS)
};

export async function companyListConditions(tx: TenantTx, filters: z.output<typeof companyListInput>["filters"]): Promise<SQL[]> {
  const columns = { search: sql`co.search`, searchKey: sql`co.search_key`, ownerId: sql`co.owner_id`, tags: sql`co.tags`, createdAt: sql`co.created_at`, updatedAt: sql`co.updated_at`, custom: sql`co.custom` };
  return [sql`co.merged_into_id is null`, sql`co.deleted_at is null`, ...(await recordConditions(columns, filters, () => listCustomFields(tx, "company")))];
}

export async function listCompanies(tx: TenantTx, rawInput: CompanyListInput) {
  const input = parseInput(companyListInput, rawInput);
  const sort = COMPANY_SORT[input.sort.field];
  const id = sql`co.id`;
  const query = keysetPage(sort, id, input.sort.direction, input.cursor, await companyListConditions(tx, input.filters));
  const rows = await tx.execute<{
    id: string;
    name: string;
    domain: string | null;
    industry: string | null;
    size: string | null;
    city: string | null;
    country: string | null;
    tags: string[];
    owner_id: string | null;
    owner_name: string | null;
    custom: Record<string, unknown>;
    created_at: string;
    updated_at: string;
    cursor: string;
  }>(sql`
    select co.id, co.name, co.domain, co.industry, co.size, co.city, co.country, co.tags, co.owner_id, u.name as owner_name,
           co.custom, co.created_at, co.updated_at, ${query.cursor} as cursor
      from (select * from crm_companies co where ${query.where} order by ${query.order} limit ${input.limit + 1}) co
      left join user_profiles u on u.id = co.owner_id
     order by ${query.order}`);
  const page = pageOf(rows, input.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      name: r.name,
      domain: r.domain,
      industry: r.industry,
      size: r.size,
      city: r.city,
      country: r.country,
      tags: r.tags,
      ownerId: r.owner_id,
      ownerName: r.owner_name,
      custom: r.custom,
      createdAt: new Date(r.created_at),
      updatedAt: new Date(r.updated_at),
    })),
  };
}
