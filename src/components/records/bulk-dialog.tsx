"use client";

import { useEffect, useId, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/*
 * The modal of one bulk action (native <dialog>: focus trapped and returned, Escape
 * cancels): what it will do to how many records, its fields, and the server's refusal.
 */
export function BulkDialog({
  open,
  title,
  summary,
  submitLabel,
  tone = "primary",
  pending,
  error,
  onSubmit,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  /** "Assigns 12 contacts to…": what will happen, to how many. */
  summary: React.ReactNode;
  submitLabel: string;
  tone?: "primary" | "danger";
  pending: boolean;
  error: string | null;
  onSubmit: () => void;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const summaryId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={summaryId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-card border border-gray-200 bg-white p-0 text-left font-normal text-ink shadow-xl backdrop:bg-black/40"
    >
      {open && (
        <form
          className="flex flex-col gap-4 p-6"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold text-ink">
            {title}
          </h2>
          <div id={summaryId} className="text-sm text-ink-muted">
            {summary}
          </div>
          {children}
          {error && <Alert>{error}</Alert>}
          <div className="mt-2 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" variant={tone === "danger" ? "danger" : "primary"} pending={pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
