"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ENTITY_LABEL } from "../shared/labels";

type Trashed = { title: string; deletedAt: Date; deletedBy: { name: string | null } | null; daysLeft: number };

/** A record page whose record is in the trash: who deleted it, when, how long it stays, and Restore. */
export function TrashedRecord({ slug, entity, id, trashed, role }: { slug: string; entity: CrmEntityType; id: string; trashed: Trashed; role: MemberRole }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.crm.trash.restore.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.crm.pathFilter());
        router.refresh();
      },
    }),
  );
  const label = ENTITY_LABEL[entity].one;
  const when = new Date(trashed.deletedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <div>
        <h1 className="text-lg font-semibold text-ink">
          {trashed.title} <span className="font-normal text-ink-muted">is in the trash</span>
        </h1>
        <p className="mt-1 text-sm text-ink-muted">
          This {label} was deleted {trashed.deletedBy ? `by ${trashed.deletedBy.name ?? "a former member"} ` : ""}on {when}. It stays in the trash for{" "}
          {trashed.daysLeft === 1 ? "1 more day" : `${trashed.daysLeft} more days`}; restoring it brings it back with everything attached to it.
        </p>
      </div>
      {restore.isError && <Alert>Could not restore it: {readServerError(restore.error).message}</Alert>}
      <div className="flex gap-2">
        {roleAtLeast(role, CRM.edit) && (
          <Button type="button" pending={restore.isPending} onClick={() => restore.mutate({ kind: entity, id })}>
            Restore {label}
          </Button>
        )}
        <ButtonLink href={`/t/${slug}/crm/trash`} variant="secondary">
          Open the trash
        </ButtonLink>
      </div>
    </section>
  );
}
