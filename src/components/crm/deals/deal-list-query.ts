import { fromStoredView, listStateSearch, parseListState, toListStateInput, type ListSpec } from "@/components/records/list-state";
import { CRM_LIST_FILTERS, DATE_RANGES, type CrmListQueryBase } from "../shared/list-query";
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

export type DealListQuery = CrmListQueryBase & {
  pipelineId?: string;
  stageIds?: string[];
  statuses?: DealStatus[];
  closeFrom?: string;
  closeTo?: string;
  sort: DealSort;
};

export const DEAL_LIST: ListSpec<DealListQuery> = {
  filters: {
    ...CRM_LIST_FILTERS,
    pipelineId: { kind: "id", param: "pipeline", input: "pipelineId" },
    stageIds: { kind: "ids", param: "stage", input: "stageIds", max: 50 },
    statuses: { kind: "choices", param: "status", input: "statuses", values: DEAL_STATUSES },
    closeFrom: { kind: "day", param: "close_from", input: "expectedCloseFrom" },
    closeTo: { kind: "day", param: "close_to", input: "expectedCloseTo" },
  },
  sortFields: DEAL_SORT_FIELDS,
  defaultSort: DEFAULT_DEAL_SORT,
  ranges: [...DATE_RANGES, { from: "closeFrom", to: "closeTo", message: "“Closes by” must be on or after “Closes from”." }],
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
