"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { Alert } from "../ui/alert";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import type { AdminOrganizationRow } from "./organizations-table";

// The server's rule (suspensionReasonSchema in the admin service); checked here only to answer sooner.
const REASON_MIN = 3;
const REASON_MAX = 500;

type Props = {
  org: AdminOrganizationRow;
  onSuspended: (org: AdminOrganizationRow) => void;
  /** Called once the dialog has closed, however it was closed (Cancel, Escape, or after suspending). */
  onClose: () => void;
};

/** Asks for the reason, then suspends. A native modal <dialog>: focus stays inside, Escape cancels. */
export function SuspendDialog({ org, onSuspended, onClose }: Props) {
  const trpc = useTRPC();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const ids = { title: useId(), description: useId(), reason: useId(), hint: useId(), error: useId() };

  const suspend = useMutation(
    trpc.admin.suspend.mutationOptions({
      onSuccess: () => {
        onSuspended(org);
        dialogRef.current?.close();
      },
      onError: (error) => {
        const { message, fieldErrors } = readServerError(error);
        if (fieldErrors.reason?.[0]) setFieldError(fieldErrors.reason[0]);
        else setFormError(message);
      },
    }),
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN) {
      setFieldError(`Give a reason of at least ${REASON_MIN} characters.`);
      return;
    }
    setFieldError(null);
    suspend.mutate({ tenantId: org.id, reason: trimmed });
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={ids.title}
      aria-describedby={ids.description}
      onClose={onClose}
      // While the request runs, Escape does not close: the outcome must be shown.
      onCancel={(event) => {
        if (suspend.isPending) event.preventDefault();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-card border border-gray-200 bg-white p-0 text-ink shadow-xl backdrop:bg-black/40"
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4 p-5 sm:p-6">
        <div>
          <h2 id={ids.title} className="text-lg font-semibold text-ink">
            Suspend {org.name}?
          </h2>
          <p id={ids.description} className="mt-1 text-sm text-ink-muted">
            Its members will see a page saying the organization is suspended, and every request to its data is refused. Nothing is deleted;
            you can unsuspend it at any time. The suspension is recorded in the organization&apos;s audit log.
          </p>
        </div>

        {formError && <Alert>{formError}</Alert>}

        <div className="flex flex-col gap-1.5">
          <label htmlFor={ids.reason} className="text-sm font-medium text-ink">
            Reason
          </label>
          <textarea
            id={ids.reason}
            name="reason"
            rows={4}
            maxLength={REASON_MAX}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              if (fieldError) setFieldError(null);
            }}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${ids.hint} ${ids.error}` : ids.hint}
            className={`resize-y rounded-lg border bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-faint ${
              fieldError ? "border-danger-600" : "border-gray-300 focus:border-brand-500"
            }`}
            placeholder="e.g. Unpaid invoices since March; contact billing@…"
          />
          <p id={ids.hint} className="flex justify-between gap-3 text-xs text-ink-faint">
            <span>Shown to its members. {REASON_MIN} to {REASON_MAX} characters.</span>
            <span className="shrink-0 tabular-nums" aria-hidden>
              {reason.length}/{REASON_MAX}
            </span>
          </p>
          {fieldError && (
            <p id={ids.error} role="alert" className="text-xs font-medium text-danger-700">
              {fieldError}
            </p>
          )}
        </div>

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button type="button" variant="secondary" disabled={suspend.isPending} onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" pending={suspend.isPending}>
            Suspend organization
          </Button>
        </div>
      </form>
    </dialog>
  );
}
