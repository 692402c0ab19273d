import {
  fromStoredView,
  listStateSearch,
  parseListState,
  sameListState,
  toListStateInput,
  type ListSort as RecordListSort,
  type FilterSpec,
  type ListSpec,
} from "@/components/records/list-state";
import type { CrmEntityType, LifecycleStage } from "@/server/modules/crm/schema";
import { LIFECYCLE_STAGES } from "./labels";
import type { CompanyListInput, ContactListInput, CustomFieldDef, ListEntity } from "./types";

/*
 * The contact and company lists' filters and sort as the page's URL holds them: the
 * description (`ListSpec`) of each list, and the names the CRM pages and tests use for the
 * records layer's functions (src/components/records/list-state.ts does the work).
 */

export { customFilterValue, filterableFields, isUuid, ME, normalizeTag, parseDay, type SortDirection } from "@/components/records/list-state";

export const SORT_FIELDS = ["updatedAt", "createdAt", "name"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type ListSort = RecordListSort<SortField>;

export const DEFAULT_SORT: ListSort = { field: "updatedAt", direction: "desc" };

/** The filters every CRM list has (see CRM_LIST_FILTERS). */
export type CrmListQueryBase = {
  q?: string;
  owners?: string[];
  tags?: string[];
  /** Not on the company list. */
  companyId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  /** Custom field key → the value as typed (converted with the field's type when sent). */
  custom?: Record<string, string>;
};

export type ListQuery = CrmListQueryBase & {
  /** Contacts only. */
  stages?: LifecycleStage[];
  sort: ListSort;
};

/** Filters every CRM list has, by the same URL and procedure names. */
export const CRM_LIST_FILTERS = {
  q: { kind: "text", param: "q", input: "q" },
  owners: { kind: "owners", param: "owner", input: "ownerIds" },
  tags: { kind: "tags", param: "tag", input: "tags" },
  companyId: { kind: "id", param: "company", input: "companyId" },
  createdFrom: { kind: "day", param: "created_from", input: "createdFrom" },
  createdTo: { kind: "day", param: "created_to", input: "createdTo" },
  updatedFrom: { kind: "day", param: "updated_from", input: "updatedFrom" },
  updatedTo: { kind: "day", param: "updated_to", input: "updatedTo" },
} as const satisfies Record<string, FilterSpec>;

export const DATE_RANGES = [
  { from: "createdFrom", to: "createdTo", message: "“Created to” must be on or after “Created from”." },
  { from: "updatedFrom", to: "updatedTo", message: "“Updated to” must be on or after “Updated from”." },
] as const;

export const CONTACT_LIST: ListSpec<ListQuery> = {
  filters: { ...CRM_LIST_FILTERS, stages: { kind: "choices", param: "stage", input: "lifecycleStages", values: LIFECYCLE_STAGES } },
  sortFields: SORT_FIELDS,
  defaultSort: DEFAULT_SORT,
  ranges: DATE_RANGES,
};

const { stages: _stages, companyId: _companyId, ...companyFilters } = CONTACT_LIST.filters;

/**
 * Companies have no lifecycle stage and no company: the contact list's description
 * without those two filters. A company state is a contact state whose two keys stay
 * unset, so it is typed as one.
 */
const COMPANY_LIST = { ...CONTACT_LIST, filters: companyFilters as ListSpec<ListQuery>["filters"] };

/** The description of the contact or company list (a constant: hooks depend on it). */
export function listSpec(entity: ListEntity): ListSpec<ListQuery> {
  return entity === "contact" ? CONTACT_LIST : COMPANY_LIST;
}

/** The list state in a URL's query; anything malformed is left out rather than sent to fail. */
export function parseListQuery(params: URLSearchParams, entity: ListEntity): ListQuery {
  return parseListState(listSpec(entity), params);
}

/** The page's query string for this state ("" for the default list); `view` marks the saved view it came from. */
export function listSearch(query: ListQuery, viewId?: string | null): string {
  return listStateSearch(CONTACT_LIST, query, viewId);
}

export function sameQuery(a: ListQuery, b: ListQuery): boolean {
  return sameListState(CONTACT_LIST, a, b);
}

type Filters = NonNullable<ContactListInput["filters"]> & NonNullable<CompanyListInput["filters"]>;
export type ListInputQuery = { filters: Filters; sort: ListSort };

/** The list procedure's filters and sort ("me" becomes the viewer, custom values take their field's type). */
export function toListInput(query: ListQuery, context: { userId: string; fields: CustomFieldDef[] }): ListInputQuery {
  // The spec's `input` names are the procedure's filter names; the server validates the rest.
  return toListStateInput(CONTACT_LIST, query, context) as ListInputQuery;
}

/** A saved view's stored query back as list state (the viewer's own id shows as "me" again). */
export function fromViewQuery(stored: Record<string, unknown>, userId: string, entity: ListEntity): ListQuery {
  return fromStoredView(listSpec(entity), stored, userId);
}

/** GET /api/crm/export for the list as shown (same filters and sort as the list procedure gets). */
export function exportHref(tenantId: string, entity: CrmEntityType, input: { filters: object; sort: object }): string {
  const params = new URLSearchParams({ tenant: tenantId, entity, filters: JSON.stringify(input.filters), sort: JSON.stringify(input.sort) });
  return `/api/crm/export?${params.toString()}`;
}
