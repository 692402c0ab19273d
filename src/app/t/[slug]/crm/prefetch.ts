import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { DEAL_LIST, toDealListInput } from "@/components/crm/deals/deal-list-query";
import { boardInput, companyContactsInput, LIST_PAGE_SIZE, readBoardUrl, timelineInput } from "@/components/crm/shared/first-page";
import { listSpec, parseListQuery, toListInput } from "@/components/crm/shared/list-query";
import type { CustomFieldDef, ListEntity } from "@/components/crm/shared/types";
import { isUuid, listRangeProblem, parseListState } from "@/components/records/list-state";
import type { ServerTrpc } from "@/trpc/server";

/*
 * What the CRM's lists and record pages show first, fetched on the server into the
 * request's query cache (one round: every query of a page starts at once) and handed to
 * the browser with <HydrateClient>. The inputs come from ./first-page and the list-state
 * functions the client components use, so the query keys are the same and the browser
 * does not fetch them again while they are fresh. A query that fails here is left out:
 * the component fetches it itself and shows its own error.
 */

export type Prefetcher = { trpc: ServerTrpc; queryClient: QueryClient };
export type RecordEntity = "contact" | "company" | "deal";

const nextCursor = (page: { nextCursor?: string | null }) => page.nextCursor;

/** A page's search params as Next hands them to a page, as URLSearchParams (what useSearchParams reads). */
export function toSearchParams(search: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

function isNotFound(error: unknown): boolean {
  return error instanceof TRPCError ? error.code === "NOT_FOUND" : (error as { code?: unknown } | null)?.code === "NOT_FOUND";
}

/**
 * The record as its page reads it (`crm.<entity>.get`, into the query cache), or null when
 * it does not exist for this viewer: missing, deleted, merged away, hidden, or not an id.
 * The existence check of the record's layout, the page's title and the page's first data
 * are this one query.
 */
export async function fetchRecord(p: Prefetcher, entity: RecordEntity, id: string) {
  if (!isUuid(id)) return null;
  try {
    if (entity === "contact") return { entity, record: await p.queryClient.fetchQuery(p.trpc.crm.contacts.get.queryOptions({ id })) };
    if (entity === "company") return { entity, record: await p.queryClient.fetchQuery(p.trpc.crm.companies.get.queryOptions({ id })) };
    return { entity, record: await p.queryClient.fetchQuery(p.trpc.crm.deals.get.queryOptions({ id })) };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The members (owner filters, member fields): every CRM list and record page shows them. */
function members(p: Prefetcher): Promise<unknown> {
  return p.queryClient.prefetchQuery(p.trpc.members.list.queryOptions());
}

/** A record page's first paint: the record, its timeline's first page, its deals, contacts, duplicates and merges, and the form lookups. */
export async function prefetchRecordPage(p: Prefetcher, entity: RecordEntity, id: string): Promise<void> {
  const { trpc, queryClient } = p;
  const jobs: Promise<unknown>[] = [
    fetchRecord(p, entity, id).catch(() => null),
    queryClient.prefetchInfiniteQuery(trpc.crm.activities.timeline.infiniteQueryOptions(timelineInput(entity, id), { getNextPageParam: nextCursor })),
    // The viewer and the organization (its currency): the timeline's and the forms' lookups.
    queryClient.prefetchQuery(trpc.accounts.me.queryOptions()),
    queryClient.prefetchQuery(trpc.orgs.current.queryOptions()),
    queryClient.prefetchQuery(trpc.crm.fields.list.queryOptions({ entityType: entity })),
    members(p),
  ];
  if (entity === "deal") {
    jobs.push(queryClient.prefetchQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true })));
  } else {
    jobs.push(
      queryClient.prefetchQuery(trpc.crm.deals.forRecord.queryOptions(entity === "contact" ? { contactId: id } : { companyId: id })),
      queryClient.prefetchQuery(trpc.crm.duplicates.merges.forRecord.queryOptions({ entityType: entity, id })),
      entity === "contact"
        ? queryClient.prefetchQuery(trpc.crm.duplicates.forContact.queryOptions({ id }))
        : queryClient.prefetchQuery(trpc.crm.duplicates.forCompany.queryOptions({ id })),
    );
  }
  if (entity === "company") {
    jobs.push(queryClient.prefetchInfiniteQuery(trpc.crm.contacts.list.infiniteQueryOptions(companyContactsInput(id), { getNextPageParam: nextCursor })));
  }
  await Promise.all(jobs);
}

/**
 * The entity's custom fields, then `list(fields)`: a list needs the fields only to type
 * custom filters, so without any it does not wait for them.
 */
async function withFields(p: Prefetcher, entityType: ListEntity | "deal", needsFields: boolean, list: (fields: CustomFieldDef[]) => Promise<unknown>) {
  const fields = p.queryClient.fetchQuery(p.trpc.crm.fields.list.queryOptions({ entityType })).catch(() => null);
  if (!needsFields) return Promise.all([fields, list([])]);
  const known = await fields;
  // The client does not wait for fields that failed: it lists without the custom filters.
  return list(known ?? []);
}

/** The first page of the contact or company list for the page's URL (filters, sort, saved view), with its columns' lookups. */
export async function prefetchEntityList(p: Prefetcher, entity: ListEntity, userId: string, params: URLSearchParams): Promise<void> {
  const { trpc, queryClient } = p;
  const query = parseListQuery(params, entity);
  const list = async (fields: CustomFieldDef[]) => {
    if (listRangeProblem(listSpec(entity), query)) return; // the client shows the range error and lists nothing
    const input = { ...toListInput(query, { userId, fields }), limit: LIST_PAGE_SIZE };
    if (entity === "contact") await queryClient.prefetchInfiniteQuery(trpc.crm.contacts.list.infiniteQueryOptions(input, { getNextPageParam: nextCursor }));
    else await queryClient.prefetchInfiniteQuery(trpc.crm.companies.list.infiniteQueryOptions(input, { getNextPageParam: nextCursor }));
  };
  await Promise.all([withFields(p, entity, Boolean(query.custom), list), queryClient.prefetchQuery(trpc.crm.views.list.queryOptions({ entityType: entity })), members(p)]);
}

/** The first page of the deal list for the page's URL. */
export async function prefetchDealList(p: Prefetcher, userId: string, params: URLSearchParams): Promise<void> {
  const { trpc, queryClient } = p;
  const query = parseListState(DEAL_LIST, params);
  const list = async (fields: CustomFieldDef[]) => {
    if (listRangeProblem(DEAL_LIST, query)) return;
    const input = { ...toDealListInput(query, { userId, fields }), limit: LIST_PAGE_SIZE };
    await queryClient.prefetchInfiniteQuery(trpc.crm.deals.list.infiniteQueryOptions(input, { getNextPageParam: nextCursor }));
  };
  await Promise.all([
    withFields(p, "deal", Boolean(query.custom), list),
    queryClient.prefetchQuery(trpc.crm.views.list.queryOptions({ entityType: "deal" })),
    queryClient.prefetchQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true })),
    members(p),
  ]);
}

/** The deals board of the URL's pipeline, owner and search. */
export async function prefetchBoard(p: Prefetcher, userId: string, params: URLSearchParams): Promise<void> {
  const { trpc, queryClient } = p;
  await Promise.all([
    queryClient.prefetchQuery(trpc.crm.deals.board.queryOptions(boardInput(readBoardUrl(params), userId))),
    queryClient.prefetchQuery(trpc.crm.pipelines.list.queryOptions({})),
    members(p),
  ]);
}
