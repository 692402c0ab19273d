import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { contactName } from "@/components/crm/shared/format";
import { getTenantPage } from "@/server/tenant-page";
import { isUuid } from "@/components/crm/shared/list-query";
import { getQueryClient, serverCaller, serverTrpc } from "@/trpc/server";
import { fetchRecord, prefetchRecordPage, type Prefetcher, type RecordEntity } from "./prefetch";

export type { RecordEntity };

/** This request's prefetcher for a tenant: its query cache is the one <HydrateClient> sends. */
export const tenantPrefetcher = cache((tenantId: string): Prefetcher => ({ trpc: serverTrpc(tenantId), queryClient: getQueryClient() }));

/**
 * A record page's title (the record's name), or null when the record does not exist for
 * this viewer (missing, deleted, merged away or hidden): the page then answers 404.
 */
export async function recordTitle(p: Prefetcher, entity: RecordEntity, id: string): Promise<string | null> {
  const found = await fetchRecord(p, entity, id);
  if (!found) return null;
  if (found.entity === "contact") return contactName(found.record);
  if (found.entity === "company") return found.record.name;
  return found.record.title;
}

/** Once per request: the record layout's check, generateMetadata and the page's prefetch share it (and its cached query). */
export const loadRecordTitle = cache(async (tenantId: string, entity: RecordEntity, id: string) => recordTitle(tenantPrefetcher(tenantId), entity, id));

/**
 * Everything a record page's first paint shows, once per request. The layout starts it with
 * its check and the page awaits it: one round of queries, not the record and then the rest
 * (the record's own query is shared, the others are deduplicated by the query cache).
 */
export const loadRecordPage = cache((tenantId: string, entity: RecordEntity, id: string) => prefetchRecordPage(tenantPrefetcher(tenantId), entity, id));

/**
 * The record layouts' check, made outside any loading boundary so that a record that does
 * not exist for this viewer answers HTTP 404 (with the record's not-found page) before the
 * first byte is sent.
 */
export async function requireRecord(slug: string, entity: RecordEntity, id: string): Promise<void> {
  const { org } = await getTenantPage(slug);
  // The tenant layout shows the suspension notice instead; the API would refuse.
  if (org.suspendedAt) return;
  // Never rejects (a failed query is left for the browser to fetch): safe to leave running.
  void loadRecordPage(org.id, entity, id);
  // In the trash: its page says so, with Restore; missing, merged away or hidden: 404.
  if ((await loadRecordTitle(org.id, entity, id)) === null && !(await loadTrashedRecord(org.id, entity, id))) notFound();
}

/** generateMetadata of a record page: the record's name ("Contact not found" when there is none). */
export async function recordMetadataTitle(slug: string, entity: RecordEntity, id: string, noun: string): Promise<string> {
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return noun;
  const title = await loadRecordTitle(org.id, entity, id);
  if (title !== null) return title;
  const trashed = await loadTrashedRecord(org.id, entity, id);
  return trashed ? `${trashed.title} (in the trash)` : `${noun} not found`;
}

/**
 * The record in the trash, when the page's record is there (and visible to this viewer):
 * its page then says so, with Restore, instead of answering 404. Null otherwise.
 */
export const loadTrashedRecord = cache(async (tenantId: string, entity: RecordEntity, id: string) => {
  if (!isUuid(id)) return null;
  return (await serverCaller(tenantId)).crm.trash.find({ kind: entity, id });
});
