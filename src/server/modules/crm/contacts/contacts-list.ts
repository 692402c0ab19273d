import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/tenant";
import { parseInput } from "../../../platform/validate";
import { recordConditions, recordFilterShape } from "../../../records/filters";
import { keysetPage, listInput, pageOf, type SortColumn } from "../../../records/lists";
import { companyNameOf } from "../common";
import { listCustomFields } from "../custom-fields";
import { lifecycleStage, type LifecycleStage } from "../schema";

/* The contact list: keyset pages, filtered and sorted on the server (also the CSV export's filters and sort). */

export const contactSortFields = ["updatedAt", "createdAt", "name"] as const;

export const contactListInput = listInput(
  {
    ...recordFilterShape,
    lifecycleStages: z.array(z.enum(lifecycleStage.enumValues)).max(4).optional(),
    companyId: z.uuid().optional(),
  },
  contactSortFields,
);
export type ContactListInput = z.input<typeof contactListInput>;

export const CONTACT_SORT: Record<(typeof contactSortFields)[number], SortColumn[]> = {
  updatedAt: [{ expr: sql`c.updated_at`, cast: "timestamptz" }],
  createdAt: [{ expr: sql`c.created_at`, cast: "timestamptz" }],
  name: [
    // lower(last_name), lower(first_name), stored (schema.ts: an index condition under RLS).
    { expr: sql`c.sort_last_name`, cast: "text" },
    { expr: sql`c.sort_first_name`, cast: "text" },
  ],
};

export type ContactListRow = {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  lifecycleStage: LifecycleStage;
  tags: string[];
  companyId: string | null;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  custom: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

const CONTACT_FILTER_COLUMNS = { search: sql`c.search`, searchKey: sql`c.search_key`, ownerId: sql`c.owner_id`, tags: sql`c.tags`, createdAt: sql`c.created_at`, updatedAt: sql`c.updated_at`, custom: sql`c.custom` };

/** The WHERE conditions of a contact list view (shared by the list and the CSV export). */
export async function contactListConditions(tx: TenantTx, filters: z.output<typeof contactListInput>["filters"]): Promise<SQL[]> {
  // Live rows: also the predicate of the partial indexes the list's sorts use.
  const conditions: SQL[] = [sql`c.merged_into_id is null`, sql`c.deleted_at is null`];
  conditions.push(...(await recordConditions(CONTACT_FILTER_COLUMNS, filters, () => listCustomFields(tx, "contact"))));
  if (filters.lifecycleStages?.length) conditions.push(sql`c.lifecycle_stage = any(${sql.param(filters.lifecycleStages)}::crm_lifecycle_stage[])`);
  if (filters.companyId) conditions.push(sql`c.company_id = ${filters.companyId}`);
  return conditions;
}

/** One page of contacts (keyset), sorted and filtered on the server. */
export async function listContacts(tx: TenantTx, rawInput: ContactListInput) {
  const input = parseInput(contactListInput, rawInput);
  const sort = CONTACT_SORT[input.sort.field];
  const id = sql`c.id`;
  const query = keysetPage(sort, id, input.sort.direction, input.cursor, await contactListConditions(tx, input.filters));
  const rows = await tx.execute<{
    id: string;
    first_name: string;
    last_name: string;
    title: string | null;
    primary_email: string | null;
    primary_phone: string | null;
    lifecycle_stage: LifecycleStage;
    tags: string[];
    company_id: string | null;
    company_name: string | null;
    owner_id: string | null;
    owner_name: string | null;
    custom: Record<string, unknown>;
    created_at: string;
    updated_at: string;
    cursor: string;
  }>(sql`
    select c.id, c.first_name, c.last_name, c.title, c.primary_email, c.primary_phone, c.lifecycle_stage, c.tags,
           c.company_id, ${companyNameOf(sql`c`)} as company_name, c.owner_id, u.name as owner_name, c.custom, c.created_at, c.updated_at,
           ${query.cursor} as cursor
      from (select * from crm_contacts c where ${query.where} order by ${query.order} limit ${input.limit + 1}) c
      left join user_profiles u on u.id = c.owner_id
     order by ${query.order}`);
  const page = pageOf(rows, input.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(
      (r): ContactListRow => ({
        id: r.id,
        firstName: r.first_name,
        lastName: r.last_name,
        title: r.title,
        primaryEmail: r.primary_email,
        primaryPhone: r.primary_phone,
        lifecycleStage: r.lifecycle_stage,
        tags: r.tags,
        companyId: r.company_id,
        companyName: r.company_name,
        ownerId: r.owner_id,
        ownerName: r.owner_name,
        custom: r.custom,
        createdAt: new Date(r.created_at),
        updatedAt: new Date(r.updated_at),
      }),
    ),
  };
}
