"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { useCustomFields, useMembers } from "../shared/hooks";

/** Every pipeline with its stages, archived ones included (a deal may sit in one); default first. */
export function useAllPipelines() {
  const trpc = useTRPC();
  return useQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true }, { staleTime: 60_000 }));
}

/** What the deal form needs before it can render: deal custom fields, members, pipelines and the organization's currency. */
export function useDealFormData() {
  const trpc = useTRPC();
  const fields = useCustomFields("deal");
  const members = useMembers();
  const pipelines = useAllPipelines();
  const org = useQuery(trpc.orgs.current.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const queries = [fields, members, pipelines, org];
  const failed = queries.find((q) => q.isError);
  return {
    ready: Boolean(fields.data && members.data && pipelines.data && org.data),
    fields: fields.data ?? [],
    members: members.data ?? [],
    pipelines: pipelines.data ?? [],
    currency: org.data?.baseCurrency ?? "USD",
    error: failed?.error ?? null,
    retrying: queries.some((q) => q.isFetching),
    retry: () => {
      for (const q of queries) if (q.isError) void q.refetch();
    },
  };
}
