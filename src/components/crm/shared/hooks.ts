"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import type { ListEntity } from "./types";

/** The entity's active custom fields (forms, lists, filters). */
export function useCustomFields(entityType: ListEntity | "deal") {
  const trpc = useTRPC();
  return useQuery(trpc.crm.fields.list.queryOptions({ entityType }, { staleTime: 60_000 }));
}

/** The organization's members (owner pickers, member fields). */
export function useMembers() {
  const trpc = useTRPC();
  return useQuery(trpc.members.list.queryOptions(undefined, { staleTime: 60_000 }));
}

/**
 * What a contact or company form needs before it can render: the entity's custom fields,
 * the members (owner and member fields) and the organization's currency (money fields).
 */
export function useFormData(entityType: ListEntity) {
  const trpc = useTRPC();
  const fields = useCustomFields(entityType);
  const members = useMembers();
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const failed = [fields, members, org].find((q) => q.isError);
  return {
    ready: Boolean(fields.data && members.data && org.data),
    fields: fields.data ?? [],
    members: members.data ?? [],
    currency: org.data?.baseCurrency ?? "EUR",
    error: failed?.error ?? null,
    retrying: [fields, members, org].some((q) => q.isFetching),
    retry: () => {
      for (const q of [fields, members, org]) if (q.isError) void q.refetch();
    },
  };
}
