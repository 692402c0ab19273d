import { customFilterValue, filterableFields, isUuid, ME, normalizeTag, parseDay } from "../shared/list-query";
import { DEAL_STATUSES, type DealFilters, type DealStatus } from "./deal-types";
import type { CustomFieldDef } from "../shared/types";

/*
 * The deal list's filters and sort as the page's URL holds them (shareable, bookmarkable,
 * Back walks through them), and their translation to `crm.deals.list` input and saved
 * views. The same approach as list-query.ts for contacts and companies.
 */

export const DEAL_SORT_FIELDS = ["updatedAt", "createdAt", "amount", "expectedCloseDate", "title"] as const;
export type DealSortField = (typeof DEAL_SORT_FIELDS)[number];
export type DealSort = { field: DealSortField; direction: "asc" | "desc" };

export const DEFAULT_DEAL_SORT: DealSort = { field: "updatedAt", direction: "desc" };

export type DealListQuery = {
  q?: string;
  owners?: string[];
  pipelineId?: string;
  stageIds?: string[];
  statuses?: DealStatus[];
  tags?: string[];
  companyId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  closeFrom?: string;
  closeTo?: string;
  custom?: Record<string, string>;
  sort: DealSort;
};

const CUSTOM_PREFIX = "cf.";

/** Day range parameters: URL name ⇄ query key. */
const DAY_PARAMS = [
  ["created_from", "createdFrom"],
  ["created_to", "createdTo"],
  ["updated_from", "updatedFrom"],
  ["updated_to", "updatedTo"],
  ["close_from", "closeFrom"],
  ["close_to", "closeTo"],
] as const;

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The list state in a URL's query; anything malformed is left out rather than sent to fail. */
export function parseDealQuery(params: URLSearchParams): DealListQuery {
  const custom: Record<string, string> = {};
  for (const [key, value] of params) {
    const field = key.startsWith(CUSTOM_PREFIX) ? key.slice(CUSTOM_PREFIX.length) : null;
    if (field && /^[a-z][a-z0-9_]{0,62}$/.test(field) && value.trim()) custom[field] = value.trim().slice(0, 200);
  }
  const [field, direction] = (params.get("sort") ?? "").split(".");
  const sort: DealSort =
    (DEAL_SORT_FIELDS as readonly string[]).includes(field ?? "") && (direction === "asc" || direction === "desc")
      ? { field: field as DealSortField, direction }
      : DEFAULT_DEAL_SORT;
  const pipeline = params.get("pipeline");
  const company = params.get("company");
  const query: DealListQuery = {
    q: params.get("q")?.trim().slice(0, 200),
    owners: unique(params.getAll("owner").filter((o) => o === ME || isUuid(o))).slice(0, 50),
    pipelineId: isUuid(pipeline) ? pipeline : undefined,
    stageIds: unique(params.getAll("stage").filter(isUuid)).slice(0, 50),
    statuses: unique(params.getAll("status").filter((s): s is DealStatus => (DEAL_STATUSES as readonly string[]).includes(s))),
    tags: unique(params.getAll("tag").map(normalizeTag).filter(Boolean)).slice(0, 20),
    companyId: isUuid(company) ? company : undefined,
    custom,
    sort,
  };
  for (const [param, key] of DAY_PARAMS) query[key] = parseDay(params.get(param));
  return compactDealQuery(query);
}

/** The same state without empty values, so equal lists compare equal. */
export function compactDealQuery(query: DealListQuery): DealListQuery {
  const out: DealListQuery = { sort: query.sort };
  if (query.q?.trim()) out.q = query.q.trim();
  if (query.owners?.length) out.owners = query.owners;
  if (query.pipelineId) out.pipelineId = query.pipelineId;
  if (query.stageIds?.length) out.stageIds = query.stageIds;
  if (query.statuses?.length) out.statuses = query.statuses;
  if (query.tags?.length) out.tags = query.tags;
  if (query.companyId) out.companyId = query.companyId;
  for (const [, key] of DAY_PARAMS) if (query[key]) out[key] = query[key];
  const custom = Object.fromEntries(Object.entries(query.custom ?? {}).filter(([, v]) => v !== ""));
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** The page's query string for this state ("" for the default list); `view` marks the saved view it came from. */
export function dealSearch(query: DealListQuery, viewId?: string | null): string {
  const params = new URLSearchParams();
  if (viewId) params.set("view", viewId);
  if (query.q) params.set("q", query.q);
  for (const owner of query.owners ?? []) params.append("owner", owner);
  if (query.pipelineId) params.set("pipeline", query.pipelineId);
  for (const stage of query.stageIds ?? []) params.append("stage", stage);
  for (const status of query.statuses ?? []) params.append("status", status);
  for (const tag of query.tags ?? []) params.append("tag", tag);
  if (query.companyId) params.set("company", query.companyId);
  for (const [param, key] of DAY_PARAMS) if (query[key]) params.set(param, query[key]!);
  for (const key of Object.keys(query.custom ?? {}).sort()) params.set(`${CUSTOM_PREFIX}${key}`, query.custom![key]!);
  if (query.sort.field !== DEFAULT_DEAL_SORT.field || query.sort.direction !== DEFAULT_DEAL_SORT.direction) params.set("sort", `${query.sort.field}.${query.sort.direction}`);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function sameDealQuery(a: DealListQuery, b: DealListQuery): boolean {
  return dealSearch(compactDealQuery(a)) === dealSearch(compactDealQuery(b));
}

/** Any filter set (the sort does not count). */
export function hasDealFilters(query: DealListQuery): boolean {
  const { sort: _sort, ...filters } = compactDealQuery(query);
  return Object.keys(filters).length > 0;
}

export type DealRangeField = "createdTo" | "updatedTo" | "closeTo";

export function dealRangeProblem(query: DealListQuery): { field: DealRangeField; message: string } | null {
  if (query.createdFrom && query.createdTo && query.createdFrom > query.createdTo) return { field: "createdTo", message: "“Created to” must be on or after “Created from”." };
  if (query.updatedFrom && query.updatedTo && query.updatedFrom > query.updatedTo) return { field: "updatedTo", message: "“Updated to” must be on or after “Updated from”." };
  if (query.closeFrom && query.closeTo && query.closeFrom > query.closeTo) return { field: "closeTo", message: "“Closes by” must be on or after “Closes from”." };
  return null;
}

export type DealInputQuery = { filters: DealFilters; sort: DealSort };

/**
 * The list procedure's filters and sort: "me" becomes the viewer's id, custom values take
 * their field's type, and filters on fields that no longer exist are dropped.
 */
export function toDealListInput(query: DealListQuery, context: { userId: string; fields: CustomFieldDef[] }): DealInputQuery {
  const filters: DealFilters = {};
  if (query.q) filters.q = query.q;
  if (query.owners?.length) filters.ownerIds = unique(query.owners.map((o) => (o === ME ? context.userId : o)));
  if (query.pipelineId) filters.pipelineId = query.pipelineId;
  if (query.stageIds?.length) filters.stageIds = query.stageIds;
  if (query.statuses?.length) filters.statuses = query.statuses;
  if (query.tags?.length) filters.tags = query.tags;
  if (query.companyId) filters.companyId = query.companyId;
  if (query.createdFrom) filters.createdFrom = query.createdFrom;
  if (query.createdTo) filters.createdTo = query.createdTo;
  if (query.updatedFrom) filters.updatedFrom = query.updatedFrom;
  if (query.updatedTo) filters.updatedTo = query.updatedTo;
  if (query.closeFrom) filters.expectedCloseFrom = query.closeFrom;
  if (query.closeTo) filters.expectedCloseTo = query.closeTo;
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
export function fromDealViewQuery(stored: Record<string, unknown>, userId: string): DealListQuery {
  const filters = (stored.filters ?? {}) as Partial<DealFilters>;
  const sort = stored.sort as Partial<DealSort> | undefined;
  const params = new URLSearchParams();
  if (typeof filters.q === "string") params.set("q", filters.q);
  for (const owner of filters.ownerIds ?? []) params.append("owner", owner === userId ? ME : owner);
  if (filters.pipelineId) params.set("pipeline", filters.pipelineId);
  for (const stage of filters.stageIds ?? []) params.append("stage", stage);
  for (const status of filters.statuses ?? []) params.append("status", status);
  for (const tag of filters.tags ?? []) params.append("tag", tag);
  if (filters.companyId) params.set("company", filters.companyId);
  const days: [string, string | null | undefined][] = [
    ["created_from", filters.createdFrom],
    ["created_to", filters.createdTo],
    ["updated_from", filters.updatedFrom],
    ["updated_to", filters.updatedTo],
    ["close_from", filters.expectedCloseFrom],
    ["close_to", filters.expectedCloseTo],
  ];
  for (const [param, value] of days) if (value) params.set(param, value);
  for (const [key, value] of Object.entries(filters.custom ?? {})) params.set(`${CUSTOM_PREFIX}${key}`, String(value));
  if (sort?.field && sort.direction) params.set("sort", `${sort.field}.${sort.direction}`);
  return parseDealQuery(params);
}

/** GET /api/crm/export for the deals as listed (same filters and sort as the list procedure gets). */
export function dealExportHref(tenantId: string, input: DealInputQuery): string {
  const params = new URLSearchParams({ tenant: tenantId, entity: "deal", filters: JSON.stringify(input.filters), sort: JSON.stringify(input.sort) });
  return `/api/crm/export?${params.toString()}`;
}
