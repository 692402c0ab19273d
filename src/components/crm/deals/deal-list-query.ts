import { fromStoredView, listStateSearch, parseListState, toListStateInput, type ListSpec } from "@/components/records/list-state";
import type { CustomFieldDef } from "../shared/types";
import { DEAL_STATUSES, type DealFilters, type DealStatus } from "./deal-types";

/*
 * The deal list's filters and sort as the page's URL holds them (shareable, bookmarkable,
 * Back walks through them): the description of the list for the records layer, and the
 * names the deal pages and tests use.
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

export const DEAL_LIST: ListSpec<DealListQuery> = {
  filters: {
    q: { kind: "text", param: "q", input: "q" },
    owners: { kind: "owners", param: "owner", input: "ownerIds" },
    pipelineId: { kind: "id", param: "pipeline", input: "pipelineId" },
    stageIds: { kind: "ids", param: "stage", input: "stageIds", max: 50 },
    statuses: { kind: "choices", param: "status", input: "statuses", values: DEAL_STATUSES },
    tags: { kind: "tags", param: "tag", input: "tags" },
    companyId: { kind: "id", param: "company", input: "companyId" },
    createdFrom: { kind: "day", param: "created_from", input: "createdFrom" },
    createdTo: { kind: "day", param: "created_to", input: "createdTo" },
    updatedFrom: { kind: "day", param: "updated_from", input: "updatedFrom" },
    updatedTo: { kind: "day", param: "updated_to", input: "updatedTo" },
    closeFrom: { kind: "day", param: "close_from", input: "expectedCloseFrom" },
    closeTo: { kind: "day", param: "close_to", input: "expectedCloseTo" },
  },
  sortFields: DEAL_SORT_FIELDS,
  defaultSort: DEFAULT_DEAL_SORT,
  ranges: [
    { from: "createdFrom", to: "createdTo", message: "“Created to” must be on or after “Created from”." },
    { from: "updatedFrom", to: "updatedTo", message: "“Updated to” must be on or after “Updated from”." },
    { from: "closeFrom", to: "closeTo", message: "“Closes by” must be on or after “Closes from”." },
  ],
};

/** The list state in a URL's query; anything malformed is left out rather than sent to fail. */
export function parseDealQuery(params: URLSearchParams): DealListQuery {
  return parseListState(DEAL_LIST, params);
}

/** The page's query string for this state ("" for the default list); `view` marks the saved view it came from. */
export function dealSearch(query: DealListQuery, viewId?: string | null): string {
  return listStateSearch(DEAL_LIST, query, viewId);
}

export type DealInputQuery = { filters: DealFilters; sort: DealSort };

/** `crm.deals.list` filters and sort ("me" becomes the viewer, custom values take their field's type). */
export function toDealListInput(query: DealListQuery, context: { userId: string; fields: CustomFieldDef[] }): DealInputQuery {
  // The spec's `input` names are the procedure's filter names; the server validates the rest.
  return toListStateInput(DEAL_LIST, query, context) as DealInputQuery;
}

/** A saved view's stored query back as list state (the viewer's own id shows as "me" again). */
export function fromDealViewQuery(stored: Record<string, unknown>, userId: string): DealListQuery {
  return fromStoredView(DEAL_LIST, stored, userId);
}
