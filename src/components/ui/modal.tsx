"use client";

import { useEffect, useId, useRef } from "react";
import { Alert } from "./alert";
import { Button } from "./button";

type ModalProps = {
  open: boolean;
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  describedBy?: string;
  /** While a request runs, Escape and the backdrop do not close: the outcome must be shown. */
  pending?: boolean;
  size?: "md" | "lg";
  onCancel: () => void;
  children: React.ReactNode;
};

/**
 * The one modal of the app, on the native <dialog>: focus is trapped and returned, the
 * page behind is inert, Escape and a click on the backdrop cancel. Its content mounts only
 * while open, so every opening starts from fresh state.
 */
export function Modal({ open, labelledBy, describedBy, pending = false, size = "md", onCancel, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its panel) cancels.
        if (event.target === event.currentTarget && !pending) onCancel();
      }}
      className={`m-auto w-[calc(100%-2rem)] ${size === "lg" ? "max-w-lg" : "max-w-md"} rounded-card border border-gray-200 bg-white p-0 text-left font-normal text-ink shadow-xl backdrop:bg-black/40`}
    >
      {open && children}
    </dialog>
  );
}

type ModalFormProps = {
  open: boolean;
  title: React.ReactNode;
  /** Said under the title and read with the dialog's name. */
  description?: React.ReactNode;
  submitLabel: string;
  tone?: "primary" | "danger";
  pending?: boolean;
  submitDisabled?: boolean;
  /** The server's refusal that belongs to no field, shown above the buttons. */
  error?: string | null;
  /** Focus Cancel first (confirmations), so Enter does not confirm by accident. */
  focusCancel?: boolean;
  size?: "md" | "lg";
  onSubmit: () => void;
  onCancel: () => void;
  children?: React.ReactNode;
};

/** A modal with a title, its fields and Cancel / submit: the shape of every dialog that asks before acting. */
export function ModalForm({
  open,
  title,
  description,
  submitLabel,
  tone = "primary",
  pending = false,
  submitDisabled,
  error,
  focusCancel = false,
  size,
  onSubmit,
  onCancel,
  children,
}: ModalFormProps) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Modal open={open} labelledBy={titleId} describedBy={description ? descriptionId : undefined} pending={pending} size={size} onCancel={onCancel}>
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
        {description && (
          <div id={descriptionId} className="text-sm text-ink-muted">
            {description}
          </div>
        )}
        {children}
        {error && <Alert>{error}</Alert>}
        <div className="mt-2 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button type="button" variant="secondary" onClick={onCancel} disabled={pending} autoFocus={focusCancel}>
            Cancel
          </Button>
          <Button type="submit" variant={tone} pending={pending} disabled={submitDisabled}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
