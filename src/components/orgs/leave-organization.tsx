"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import { ConfirmDialog } from "./confirm-dialog";

/** Anyone may leave; the last owner is refused by the server with an explanation, shown here. */
export function LeaveOrganization({ orgName }: { orgName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onSuccess: () => {
        // "/" opens another organization of theirs, or offers to create one.
        router.replace("/");
        router.refresh();
      },
      onError: (failure) => {
        setConfirming(false);
        setError(readServerError(failure).message);
      },
    }),
  );

  return (
    <section aria-labelledby="leave-organization-heading" className="rounded-card border border-danger-600/30 bg-white p-5 shadow-sm">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="max-w-xl">
          <h3 id="leave-organization-heading" className="text-base font-semibold text-ink">
            Leave organization
          </h3>
          <p className="mt-1 text-sm text-ink-muted">You lose access to {orgName} right away. To come back, someone has to invite you again.</p>
        </div>
        <Button
          type="button"
          variant="secondary"
          className="shrink-0 self-start border-danger-600/40! text-danger-700! hover:bg-danger-50! sm:self-center"
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
        >
          Leave organization
        </Button>
      </div>
      {error && (
        <div className="mt-4">
          <Alert>{error}</Alert>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Leave ${orgName}?`}
        confirmLabel={`Leave ${orgName}`}
        pending={leave.isPending || leave.isSuccess}
        onCancel={() => setConfirming(false)}
        onConfirm={() => leave.mutate()}
      >
        <p>You will no longer see anything in {orgName}. To come back, an owner or admin has to invite you again.</p>
      </ConfirmDialog>
    </section>
  );
}
