"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { TrashList } from "@/components/records/trash-list";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useFormat } from "@/components/format/format-provider";
import { INVENTORY } from "@/server/modules/inventory/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";

const PAGE_SIZE = 25;

/** /t/[slug]/inventory/trash: deleted products, with Restore (members) and Delete forever (admins; refused for a product with movements). */
export function InventoryTrash({ role }: { role: MemberRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.inventory.trash.list.infiniteQueryOptions({ kind: "product", limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const refresh = () => queryClient.invalidateQueries(trpc.inventory.pathFilter());
  const restore = useMutation(trpc.inventory.trash.restore.mutationOptions({ onSuccess: refresh }));
  const purge = useMutation(trpc.inventory.trash.purge.mutationOptions({ onSuccess: refresh }));
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
      kinds={{ product: { one: "product", many: "products" } }}
      rows={rows}
      retentionDays={list.data?.pages[0]?.retentionDays ?? 30}
      loading={list.isPending}
      error={list.isError ? { message: readServerError(list.error).message } : null}
      retrying={list.isFetching}
      onRetry={() => void list.refetch()}
      hasMore={list.hasNextPage}
      loadingMore={list.isFetchingNextPage}
      onLoadMore={() => void list.fetchNextPage()}
      canRestore={roleAtLeast(role, INVENTORY.edit)}
      canPurge={roleAtLeast(role, INVENTORY.purge)}
      onRestore={(row) => asError(restore.mutateAsync({ kind: "product", id: row.id }))}
      onPurge={(row) => asError(purge.mutateAsync({ kind: "product", id: row.id }))}
      purgeConsequence="its stock levels, lots and reorder rules; a product with stock movements cannot be deleted forever"
    />
  );
}

type Trashed = { title: string; subtitle: string | null; deletedAt: Date; deletedBy: { name: string | null } | null; daysLeft: number };

/** The page of a product in the trash: who deleted it, when, how long it stays, and Restore. */
export function TrashedProduct({ slug, id, trashed, role }: { slug: string; id: string; trashed: Trashed; role: MemberRole }) {
  const trpc = useTRPC();
  const router = useRouter();
  const format = useFormat();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.inventory.trash.restore.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.inventory.pathFilter());
        router.refresh();
      },
    }),
  );
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-lg font-semibold text-ink">
          {trashed.title}
          {trashed.subtitle ? ` (${trashed.subtitle})` : ""} <span className="font-normal text-ink-muted">is in the trash</span>
        </h1>
        <p className="mt-1 text-sm text-ink-muted">
          This product was deleted {trashed.deletedBy ? `by ${trashed.deletedBy.name ?? "a former member"} ` : ""}on {format.dateTime(trashed.deletedAt)}. It stays in
          the trash for {trashed.daysLeft === 1 ? "1 more day" : `${trashed.daysLeft} more days`}; restoring it brings it back with its stock and history.
        </p>
      </div>
      {restore.isError && <Alert>Could not restore it: {readServerError(restore.error).message}</Alert>}
      <div className="flex gap-2">
        {roleAtLeast(role, INVENTORY.edit) && (
          <Button type="button" pending={restore.isPending} onClick={() => restore.mutate({ kind: "product", id })}>
            Restore product
          </Button>
        )}
        <ButtonLink href={`/t/${slug}/inventory/trash`} variant="secondary">
          Open the trash
        </ButtonLink>
      </div>
    </section>
  );
}
