"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { Icon } from "../shell/icons";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import type { JobEvent } from "./status";

export type RetryOutcome = { ok: true; event: JobEvent } | { ok: false; event: JobEvent; message: string };

/** Puts a dead event back in the queue; the outcome goes to the page's message area. */
export function RetryButton({ event, onOutcome }: { event: JobEvent; onOutcome: (outcome: RetryOutcome) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.jobs.retry.mutationOptions({
      onSuccess: async () => {
        onOutcome({ ok: true, event });
        await queryClient.invalidateQueries(trpc.jobs.pathFilter());
      },
      onError: (error) => onOutcome({ ok: false, event, message: readServerError(error).message }),
    }),
  );

  if (retry.isSuccess) {
    return (
      <span className="inline-flex items-center gap-1 whitespace-nowrap text-xs font-medium text-success-700" role="status">
        <Icon name="check" className="size-4" />
        Queued
      </span>
    );
  }
  return (
    <Button
      type="button"
      variant="secondary"
      className="whitespace-nowrap px-3 py-1.5"
      pending={retry.isPending}
      onClick={() => retry.mutate({ id: event.id })}
      aria-label={`Retry ${event.name} event`}
    >
      {!retry.isPending && <Icon name="refresh" className="size-4" />}
      Retry
    </Button>
  );
}
