import "server-only";
import { TRPCError } from "@trpc/server";
import { cache } from "react";
import { contactName } from "@/components/crm/shared/format";
import { isUuid } from "@/components/crm/shared/list-query";
import type { createCaller } from "@/server/api/root";
import { serverCaller } from "@/trpc/server";

export type RecordEntity = "contact" | "company" | "deal";
type Caller = ReturnType<typeof createCaller>;

/**
 * A record page's title (the record's name), or null when the record does not exist for
 * this viewer (missing, deleted, merged away or hidden): the page then answers 404. The
 * same procedures and checks as the page's own data.
 */
export async function recordTitle(api: Caller, entity: RecordEntity, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  try {
    if (entity === "contact") return contactName(await api.crm.contacts.get({ id }));
    if (entity === "company") return (await api.crm.companies.get({ id })).name;
    return (await api.crm.deals.get({ id })).title;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** Once per request: generateMetadata and the page share it. */
export const loadRecordTitle = cache(async (tenantId: string, entity: RecordEntity, id: string) => recordTitle(await serverCaller(tenantId), entity, id));

/**
 * The record in the trash, when the page's record is there (and visible to this viewer):
 * its page then says so, with Restore, instead of answering 404. Null otherwise.
 */
export const loadTrashedRecord = cache(async (tenantId: string, entity: RecordEntity, id: string) => {
  if (!isUuid(id)) return null;
  return (await serverCaller(tenantId)).crm.trash.find({ kind: entity, id });
});
