import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ValidationFailed } from "../platform/errors";
import { plainText } from "../platform/validate";
import { dateBound, dateRange, prefixQuery } from "./lists";
import { tenantKeyedQuery } from "./search-key";

/*
 * The list-condition builder: the filters every record list shares (search box, owners,
 * tags, created/updated ranges, custom fields) as zod input and as SQL conditions over
 * the list's own columns. An entity's list input spreads `recordFilterShape` into its
 * filters and adds its own; its conditions start from `recordConditions`.
 */

/** List filters on custom fields: field key → the value a record must have (or contain, for multi selects). */
export const customFilterInput = z
  .record(plainText().max(63), z.union([plainText().max(200), z.number(), z.boolean()]))
  .refine((filters) => Object.keys(filters).length <= 50, "Filter on at most 50 custom fields.")
  .optional();

export const recordFilterShape = {
  q: plainText().trim().max(200).optional(),
  ownerIds: z.array(z.uuid()).max(50).optional(),
  tags: z.array(plainText().trim().toLowerCase().max(40)).max(20).optional(),
  createdFrom: dateBound,
  createdTo: dateBound,
  updatedFrom: dateBound,
  updatedTo: dateBound,
  custom: customFilterInput,
};

export type RecordFilters = z.output<z.ZodObject<typeof recordFilterShape>>;

/** What a custom-field filter needs to know about a field. */
export type FilterableField = { key: string; type: string };

/**
 * The columns of a list's row alias the shared filters test (each optional: an entity without tags has none).
 * `searchKey`: the tenant-keyed copy of `search` (./search-key.ts); the search box matches on it when given.
 */
export type FilterColumns = { search?: SQL; searchKey?: SQL; ownerId?: SQL; tags?: SQL; createdAt?: SQL; updatedAt?: SQL; custom?: SQL };

/** `custom @> {...}`: one containment test for every field type. */
export function customFilterCondition(column: SQL, fields: FilterableField[], filters: Record<string, string | number | boolean>): SQL {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const containment: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    const field = byKey.get(key);
    if (!field) throw new ValidationFailed({ [`filters.custom.${key}`]: ["This field does not exist (or was archived)."] });
    containment[key] = field.type === "multi_select" ? [value] : field.type === "money" ? { amountMinor: Number(value) } : value;
  }
  return sql`${column} @> ${JSON.stringify(containment)}::jsonb`;
}

/**
 * The conditions of the shared filters. `customFields` is called only when the filters
 * name custom fields (it usually costs a query).
 */
export async function recordConditions(columns: FilterColumns, filters: Partial<RecordFilters>, customFields: () => Promise<FilterableField[]>): Promise<SQL[]> {
  const conditions: SQL[] = [];
  const query = filters.q ? prefixQuery(filters.q) : null;
  if (query && columns.searchKey) conditions.push(sql`${columns.searchKey} @@ ${tenantKeyedQuery(sql`to_tsquery('simple', ${query})`)}`);
  else if (query && columns.search) conditions.push(sql`${columns.search} @@ to_tsquery('simple', ${query})`);
  // One owner as `=`: Postgres 15 gives an index scan with `= any(…)` on a column after the first no order, so
  // "one owner's records by name" could not stop after a page of (tenant_id, owner_id, name…) and sorted them all.
  if (filters.ownerIds?.length === 1 && columns.ownerId) conditions.push(sql`${columns.ownerId} = ${filters.ownerIds[0]}::uuid`);
  else if (filters.ownerIds?.length && columns.ownerId) conditions.push(sql`${columns.ownerId} = any(${sql.param(filters.ownerIds)}::uuid[])`);
  if (filters.tags?.length && columns.tags) conditions.push(sql`${columns.tags} && ${sql.param(filters.tags)}::text[]`);
  if (columns.createdAt) conditions.push(...dateRange(columns.createdAt, filters.createdFrom, filters.createdTo));
  if (columns.updatedAt) conditions.push(...dateRange(columns.updatedAt, filters.updatedFrom, filters.updatedTo));
  if (filters.custom && Object.keys(filters.custom).length && columns.custom) {
    conditions.push(customFilterCondition(columns.custom, await customFields(), filters.custom));
  }
  return conditions;
}
