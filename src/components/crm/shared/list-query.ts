import type { LifecycleStage } from "@/server/modules/crm/schema";
import { LIFECYCLE_STAGES } from "./labels";
import type { CompanyListInput, ContactListInput, CustomFieldDef, ListEntity } from "./types";

/*
 * A contact or company list's filters and sort as the page's URL holds them, so a list
 * can be shared, bookmarked and walked back with the browser's Back button. Pure
 * functions: URL ⇄ state ⇄ the list procedure's input (and a saved view's query).
 */

export const SORT_FIELDS = ["updatedAt", "createdAt", "name"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDirection = "asc" | "desc";
export type ListSort = { field: SortField; direction: SortDirection };

export const DEFAULT_SORT: ListSort = { field: "updatedAt", direction: "desc" };

/** "me" stands for whoever opens the link. */
export const ME = "me";

export type ListQuery = {
  q?: string;
  owners?: string[];
  /** Contacts only. */
  stages?: LifecycleStage[];
  tags?: string[];
  /** Contacts only. */
  companyId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** Custom field key → the value as typed (converted with the field's type when sent). */
  custom?: Record<string, string>;
  sort: ListSort;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CUSTOM_PREFIX = "cf.";

export function isUuid(value: string | null | undefined): value is string {
  return !!value && UUID.test(value);
}

/** A "YYYY-MM-DD" that names a real day, or undefined. */
export function parseDay(value: string | null | undefined): string | undefined {
  const match = value ? DAY.exec(value) : null;
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value! : undefined;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length ? values : undefined;
}

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().slice(0, 40);
}

/** The list state in a URL's query; anything malformed is left out rather than sent to fail. */
export function parseListQuery(params: URLSearchParams, entity: ListEntity): ListQuery {
  const q = params.get("q")?.trim().slice(0, 200);
  const owners = unique(params.getAll("owner").filter((o) => o === ME || isUuid(o))).slice(0, 50);
  const tags = unique(params.getAll("tag").map(normalizeTag).filter(Boolean)).slice(0, 20);
  const stages = unique(params.getAll("stage").filter((s): s is LifecycleStage => (LIFECYCLE_STAGES as readonly string[]).includes(s)));
  const company = params.get("company");
  const custom: Record<string, string> = {};
  for (const [key, value] of params) {
    const field = key.startsWith(CUSTOM_PREFIX) ? key.slice(CUSTOM_PREFIX.length) : null;
    if (field && /^[a-z][a-z0-9_]{0,62}$/.test(field) && value.trim()) custom[field] = value.trim().slice(0, 200);
  }
  const [field, direction] = (params.get("sort") ?? "").split(".");
  const sort: ListSort =
    (SORT_FIELDS as readonly string[]).includes(field ?? "") && (direction === "asc" || direction === "desc")
      ? { field: field as SortField, direction }
      : DEFAULT_SORT;
  return compactQuery({
    q: q || undefined,
    owners: nonEmpty(owners),
    tags: nonEmpty(tags),
    stages: entity === "contact" ? nonEmpty(stages) : undefined,
    companyId: entity === "contact" && isUuid(company) ? company : undefined,
    createdFrom: parseDay(params.get("created_from")),
    createdTo: parseDay(params.get("created_to")),
    updatedFrom: parseDay(params.get("updated_from")),
    updatedTo: parseDay(params.get("updated_to")),
    custom: Object.keys(custom).length ? custom : undefined,
    sort,
  });
}

/** The same state without empty values, so equal lists compare equal. */
export function compactQuery(query: ListQuery): ListQuery {
  const out: ListQuery = { sort: query.sort };
  if (query.q?.trim()) out.q = query.q.trim();
  if (query.owners?.length) out.owners = query.owners;
  if (query.stages?.length) out.stages = query.stages;
  if (query.tags?.length) out.tags = query.tags;
  if (query.companyId) out.companyId = query.companyId;
  if (query.createdFrom) out.createdFrom = query.createdFrom;
  if (query.createdTo) out.createdTo = query.createdTo;
  if (query.updatedFrom) out.updatedFrom = query.updatedFrom;
  if (query.updatedTo) out.updatedTo = query.updatedTo;
  const custom = Object.fromEntries(Object.entries(query.custom ?? {}).filter(([, v]) => v !== ""));
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** The page's query string for this state ("" for the default list); `view` marks the saved view it came from. */
export function listSearch(query: ListQuery, viewId?: string | null): string {
  const params = new URLSearchParams();
  if (viewId) params.set("view", viewId);
  if (query.q) params.set("q", query.q);
  for (const owner of query.owners ?? []) params.append("owner", owner);
  for (const stage of query.stages ?? []) params.append("stage", stage);
  for (const tag of query.tags ?? []) params.append("tag", tag);
  if (query.companyId) params.set("company", query.companyId);
  if (query.createdFrom) params.set("created_from", query.createdFrom);
  if (query.createdTo) params.set("created_to", query.createdTo);
  if (query.updatedFrom) params.set("updated_from", query.updatedFrom);
  if (query.updatedTo) params.set("updated_to", query.updatedTo);
  for (const key of Object.keys(query.custom ?? {}).sort()) params.set(`${CUSTOM_PREFIX}${key}`, query.custom![key]!);
  if (query.sort.field !== DEFAULT_SORT.field || query.sort.direction !== DEFAULT_SORT.direction) params.set("sort", `${query.sort.field}.${query.sort.direction}`);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** True when two states list the same records in the same order. */
export function sameQuery(a: ListQuery, b: ListQuery): boolean {
  return listSearch(compactQuery(a)) === listSearch(compactQuery(b));
}

/** Any filter set (the sort does not count). */
export function hasFilters(query: ListQuery): boolean {
  const { sort: _sort, ...filters } = compactQuery(query);
  return Object.keys(filters).length > 0;
}

export function rangeProblem(query: ListQuery): { field: "createdTo" | "updatedTo"; message: string } | null {
  if (query.createdFrom && query.createdTo && query.createdFrom > query.createdTo) {
    return { field: "createdTo", message: "“Created to” must be on or after “Created from”." };
  }
  if (query.updatedFrom && query.updatedTo && query.updatedFrom > query.updatedTo) {
    return { field: "updatedTo", message: "“Updated to” must be on or after “Updated from”." };
  }
  return null;
}

/** Custom fields a list can filter by (money amounts are matched exactly, which is rarely what anyone wants). */
export function filterableFields(fields: CustomFieldDef[]): CustomFieldDef[] {
  return fields.filter((f) => f.type !== "money");
}

/** A typed filter value for a custom field, or undefined when the text does not fit its type. */
export function customFilterValue(field: CustomFieldDef, text: string): string | number | boolean | undefined {
  switch (field.type) {
    case "number": {
      const n = Number(text);
      return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
    }
    case "checkbox":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "money":
      return undefined;
    case "single_select":
    case "multi_select":
      return field.options.includes(text) ? text : undefined;
    case "date":
      return parseDay(text);
    case "member":
      return isUuid(text) ? text : undefined;
    default:
      return text;
  }
}

type Filters = NonNullable<ContactListInput["filters"]> & NonNullable<CompanyListInput["filters"]>;
export type ListInputQuery = { filters: Filters; sort: ListSort };

/**
 * The list procedure's filters and sort: "me" becomes the viewer's id, custom values take
 * their field's type, and filters on fields that no longer exist are dropped.
 */
export function toListInput(query: ListQuery, context: { userId: string; fields: CustomFieldDef[] }): ListInputQuery {
  const filters: Filters = {};
  if (query.q) filters.q = query.q;
  if (query.owners?.length) filters.ownerIds = unique(query.owners.map((o) => (o === ME ? context.userId : o)));
  if (query.stages?.length) filters.lifecycleStages = query.stages;
  if (query.tags?.length) filters.tags = query.tags;
  if (query.companyId) filters.companyId = query.companyId;
  if (query.createdFrom) filters.createdFrom = query.createdFrom;
  if (query.createdTo) filters.createdTo = query.createdTo;
  if (query.updatedFrom) filters.updatedFrom = query.updatedFrom;
  if (query.updatedTo) filters.updatedTo = query.updatedTo;
  const byKey = new Map(filterableFields(context.fields).map((f) => [f.key, f]));
  const custom: Record<string, string | number | boolean> = {};
  for (const [key, text] of Object.entries(query.custom ?? {})) {
    const field = byKey.get(key);
    const value = field ? customFilterValue(field, text) : undefined;
    if (value !== undefined) custom[key] = value;
  }
  if (Object.keys(custom).length) filters.custom = custom;
  return { filters, sort: query.sort };
}

/** A saved view's stored query back as list state (the viewer's own id shows as "me" again). */
export function fromViewQuery(stored: Record<string, unknown>, userId: string, entity: ListEntity): ListQuery {
  const filters = (stored.filters ?? {}) as Partial<Filters>;
  const sort = stored.sort as Partial<ListSort> | undefined;
  const params = new URLSearchParams();
  if (typeof filters.q === "string") params.set("q", filters.q);
  for (const owner of filters.ownerIds ?? []) params.append("owner", owner === userId ? ME : owner);
  for (const stage of filters.lifecycleStages ?? []) params.append("stage", stage);
  for (const tag of filters.tags ?? []) params.append("tag", tag);
  if (filters.companyId) params.set("company", filters.companyId);
  if (filters.createdFrom) params.set("created_from", filters.createdFrom);
  if (filters.createdTo) params.set("created_to", filters.createdTo);
  if (filters.updatedFrom) params.set("updated_from", filters.updatedFrom);
  if (filters.updatedTo) params.set("updated_to", filters.updatedTo);
  for (const [key, value] of Object.entries(filters.custom ?? {})) params.set(`${CUSTOM_PREFIX}${key}`, String(value));
  if (sort?.field && sort.direction) params.set("sort", `${sort.field}.${sort.direction}`);
  return parseListQuery(params, entity);
}

/** GET /api/crm/export for the list as shown (same filters and sort as the list procedure gets). */
export function exportHref(tenantId: string, entity: ListEntity, input: ListInputQuery): string {
  const params = new URLSearchParams({ tenant: tenantId, entity, filters: JSON.stringify(input.filters), sort: JSON.stringify(input.sort) });
  return `/api/crm/export?${params.toString()}`;
}
