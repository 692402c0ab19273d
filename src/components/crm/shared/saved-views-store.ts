"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SavedViewsStore } from "@/components/records/saved-views";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";

/** The viewer's saved views of one CRM list, kept by `crm.views.*`. */
export function useCrmSavedViews(entityType: CrmEntityType): SavedViewsStore {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQuery(trpc.crm.views.list.queryOptions({ entityType }));
  const refresh = () => queryClient.invalidateQueries(trpc.crm.views.list.queryFilter({ entityType }));
  const create = useMutation(trpc.crm.views.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.crm.views.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.crm.views.delete.mutationOptions({ onSuccess: refresh }));
  return {
    views: views.data ?? [],
    loading: views.isPending,
    loadError: views.isError ? views.error : null,
    create: (name, query) => create.mutateAsync({ entityType, name, query }),
    update: (id, changes) => update.mutateAsync({ id, ...changes }),
    remove: (id) => remove.mutateAsync({ id }),
    pending: { create: create.isPending, update: update.isPending, remove: remove.isPending },
  };
}
