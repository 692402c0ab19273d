"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Icon } from "@/components/shell/icons";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import type { DealDetail, DealStatus, StageInfo } from "./deal-types";

/* The deal page's actions: moving between stages, winning, losing, reopening, following, deleting. */

/** Refreshes everything that shows a deal after it changed. */
function useInvalidateDeal() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (id: string) =>
    Promise.all([
      queryClient.invalidateQueries(trpc.crm.deals.get.queryFilter({ id })),
      queryClient.invalidateQueries(trpc.crm.deals.board.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.deals.list.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.deals.forRecord.pathFilter()),
    ]);
}

export type StatusChange = { kind: "stage"; stage: StageInfo; lostReason?: string } | { kind: "status"; status: DealStatus; lostReason?: string };

/**
 * Moves a deal to a stage (`crm.deals.move`) or sets its status where it stands
 * (`crm.deals.update`), then refreshes; the result is reported as text for a live region.
 */
export function useDealChange(deal: DealDetail) {
  const trpc = useTRPC();
  const invalidate = useInvalidateDeal();
  const move = useMutation(trpc.crm.deals.move.mutationOptions());
  const update = useMutation(trpc.crm.deals.update.mutationOptions());
  const [pending, setPending] = useState<StatusChange | null>(null);
  const [result, setResult] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  const apply = async (change: StatusChange) => {
    setPending(change);
    setResult(null);
    try {
      if (change.kind === "stage") await move.mutateAsync({ dealId: deal.id, stageId: change.stage.id, lostReason: change.lostReason });
      else await update.mutateAsync({ id: deal.id, status: change.status, ...(change.lostReason !== undefined ? { lostReason: change.lostReason } : {}) });
      await invalidate(deal.id);
      let text: string;
      if (change.kind === "status") text = change.status === "open" ? "The deal is open again." : `The deal is marked ${change.status}.`;
      else if (change.stage.outcome !== "open" && deal.status !== change.stage.outcome) text = `Moved to “${change.stage.name}”: the deal is ${change.stage.outcome}.`;
      else if (change.stage.outcome === "open" && deal.status !== "open") text = `The deal is open again, in “${change.stage.name}”.`;
      else text = `Moved to “${change.stage.name}”.`;
      setResult({ tone: "ok", text });
    } catch (error) {
      setResult({ tone: "error", text: `Could not change the deal: ${readServerError(error).message}` });
    } finally {
      setPending(null);
    }
  };

  return { apply, pending, result, clearResult: () => setResult(null) };
}

/** Follow / unfollow (followed deals stay visible when members only see their own and followed records). */
export function DealFollowButton({ id, following }: { id: string; following: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateDeal();
  const follow = useMutation(trpc.crm.followers.follow.mutationOptions());
  const unfollow = useMutation(trpc.crm.followers.unfollow.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const pending = follow.isPending || unfollow.isPending;
  const toggle = async () => {
    setError(null);
    try {
      await (following ? unfollow : follow).mutateAsync({ entityType: "deal", id });
      await invalidate(id);
    } catch (e) {
      setError(readServerError(e).message);
    }
  };
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        pending={pending}
        aria-pressed={following}
        onClick={() => void toggle()}
        title={following ? "Stop following this deal" : "Follow this deal to keep it in view"}
      >
        {!pending && <Icon name={following ? "check" : "plus"} className="size-4" />}
        {following ? "Following" : "Follow"}
      </Button>
      {error && (
        <p role="alert" className="basis-full text-sm text-danger-700">
          Could not change following: {error}
        </p>
      )}
    </>
  );
}

/** Delete with a confirmation; back to the board afterwards. */
export function DealDeleteButton({ deal, boardHref, onError }: { deal: DealDetail; boardHref: string; onError: (message: string) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(trpc.crm.deals.delete.mutationOptions());
  const confirm = async () => {
    try {
      await remove.mutateAsync({ id: deal.id });
      setOpen(false);
      // Leave first: the deal's own query would otherwise refetch and fail.
      router.push(boardHref);
      queryClient.removeQueries(trpc.crm.deals.get.queryFilter({ id: deal.id }));
      await Promise.all([
        queryClient.invalidateQueries(trpc.crm.deals.board.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.deals.list.pathFilter()),
        queryClient.invalidateQueries(trpc.crm.deals.forRecord.pathFilter()),
      ]);
    } catch (e) {
      setOpen(false);
      onError(`Could not delete the deal: ${readServerError(e).message}`);
    }
  };
  return (
    <>
      <Button type="button" variant="ghost" className="text-danger-700 hover:bg-danger-50 hover:text-danger-700" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog open={open} title="Delete this deal?" confirmLabel="Delete deal" pending={remove.isPending} onConfirm={() => void confirm()} onCancel={() => setOpen(false)}>
        <p>
          <strong className="font-medium text-ink">{deal.title}</strong> moves to the trash, with its activities and tasks. Its contacts and company stay.
        </p>
        <p className="mt-2">You can restore it from CRM → Trash for 30 days; after that it is deleted for good. The deletion is recorded in the audit log.</p>
      </ConfirmDialog>
    </>
  );
}
