"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FilterSelect } from "@/components/records/parts";
import { TrashList, type TrashKindLabel } from "@/components/records/trash-list";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ENTITY_LABEL } from "../shared/labels";

const PAGE_SIZE = 25;
const KINDS = ["contact", "company", "deal"] as const satisfies readonly CrmEntityType[];

/** /t/[slug]/crm/trash: deleted contacts, companies and deals, with Restore and (admins) Delete forever. */
export function CrmTrash({ slug, role, kind }: { slug: string; role: MemberRole; kind: CrmEntityType | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.crm.trash.list.infiniteQueryOptions({ kind, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => queryClient.invalidateQueries(trpc.crm.pathFilter());
  const restore = useMutation(trpc.crm.trash.restore.mutationOptions({ onSuccess: refresh }));
  const purge = useMutation(trpc.crm.trash.purge.mutationOptions({ onSuccess: refresh }));
  const kinds = Object.fromEntries(KINDS.map((k) => [k, { one: ENTITY_LABEL[k].one, many: ENTITY_LABEL[k].many } satisfies TrashKindLabel]));
  const asError = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      throw new Error(readServerError(error).message);
    }
  };

  return (
    <TrashList
      title="Trash"
      kinds={kinds}
      rows={rows}
      retentionDays={list.data?.pages[0]?.retentionDays ?? 30}
      loading={list.isPending}
      error={list.isError ? { message: readServerError(list.error).message } : null}
      retrying={list.isFetching}
      onRetry={() => void list.refetch()}
      hasMore={list.hasNextPage}
      loadingMore={list.isFetchingNextPage}
      onLoadMore={() => void list.fetchNextPage()}
      canRestore={roleAtLeast(role, CRM.edit)}
      canPurge={roleAtLeast(role, CRM.purge)}
      onRestore={(row) => asError(restore.mutateAsync({ kind: row.kind as CrmEntityType, id: row.id }))}
      onPurge={(row) => asError(purge.mutateAsync({ kind: row.kind as CrmEntityType, id: row.id }))}
      filter={
        <FilterSelect
          label="Show"
          className="max-w-xs"
          value={kind ?? ""}
          onChange={(event) => router.push(`/t/${slug}/crm/trash${event.target.value ? `?kind=${event.target.value}` : ""}`)}
        >
          <option value="">Everything</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {ENTITY_LABEL[k].title}
            </option>
          ))}
        </FilterSelect>
      }
    />
  );
}
