import { isUuid, ME } from "@/components/records/list-state";
import type { CrmEntityType } from "@/server/modules/crm/schema";

/*
 * The inputs of the queries a CRM page shows first, shared by the client components and
 * the server's prefetch (src/app/t/[slug]/crm/prefetch.ts): the same input gives the same
 * query key, so the browser finds the server's data in its cache instead of fetching it again.
 * No "use client" here: server components import these functions.
 */

/** Rows per page of the contact, company and deal lists. */
export const LIST_PAGE_SIZE = 50;
/** Activities per page of a record's timeline. */
export const TIMELINE_PAGE_SIZE = 20;
/** Contacts per page on a company's record. */
export const COMPANY_CONTACTS_PAGE = 10;
/** Cards per stage on the deals board. */
export const BOARD_PER_STAGE = 50;

/** A record's timeline, unfiltered (what the page opens with; kinds narrow it later). */
export function timelineInput<K extends string>(entityType: CrmEntityType, id: string, kinds?: K[]) {
  return { entityType, id, kinds: kinds?.length ? kinds : undefined, limit: TIMELINE_PAGE_SIZE };
}

/** A company's contacts, A to Z. */
export function companyContactsInput(companyId: string) {
  return { filters: { companyId }, sort: { field: "name" as const, direction: "asc" as const }, limit: COMPANY_CONTACTS_PAGE };
}

/** The board's filters as its URL holds them. */
export type BoardUrl = { pipelineId?: string; owner?: string; q?: string };

export function readBoardUrl(params: URLSearchParams): BoardUrl {
  const pipeline = params.get("pipeline");
  const owner = params.get("owner");
  const q = params.get("q")?.trim().slice(0, 200);
  return { pipelineId: isUuid(pipeline) ? pipeline : undefined, owner: owner === ME || isUuid(owner) ? owner : undefined, q: q || undefined };
}

/** crm.deals.board's input for the board's URL ("me" is the viewer). */
export function boardInput(url: BoardUrl, userId: string) {
  return {
    pipelineId: url.pipelineId,
    ownerIds: url.owner ? [url.owner === ME ? userId : url.owner] : undefined,
    q: url.q,
    perStage: BOARD_PER_STAGE,
  };
}
