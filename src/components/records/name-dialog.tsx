"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

type Props = {
  open: boolean;
  title: string;
  label: string;
  initialValue?: string;
  description?: React.ReactNode;
  submitLabel: string;
  pending?: boolean;
  /** The server's refusal, shown under the field. */
  error?: string;
  maxLength?: number;
  onSubmit: (value: string) => void;
  onCancel: () => void;
};

/** A modal asking for one name (saving or renaming a view), on the native <dialog> like ConfirmDialog. */
export function NameDialog({ open, title, label, initialValue = "", description, submitLabel, pending = false, error, maxLength = 60, onSubmit, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [value, setValue] = useState(initialValue);
  const [localError, setLocalError] = useState<string | undefined>();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setValue(initialValue);
      setLocalError(undefined);
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, initialValue]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget && !pending) onCancel();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-card border border-gray-200 bg-white p-0 text-left font-normal text-ink shadow-xl backdrop:bg-black/40"
    >
      {open && (
        <form
          className="flex flex-col gap-4 p-6"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const name = value.trim();
            if (!name) return setLocalError("Enter a name.");
            if (name.length > maxLength) return setLocalError(`Use at most ${maxLength} characters.`);
            setLocalError(undefined);
            onSubmit(name);
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold text-ink">
            {title}
          </h2>
          {description && <div className="text-sm text-ink-muted">{description}</div>}
          <TextField label={label} value={value} autoFocus maxLength={maxLength + 20} error={localError ?? error} onChange={(e) => setValue(e.target.value)} disabled={pending} />
          <div className="mt-2 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button type="button" variant="secondary" onClick={onCancel} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" pending={pending}>
              {submitLabel}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
