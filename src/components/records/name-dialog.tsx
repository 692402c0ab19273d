"use client";

import { useEffect, useState } from "react";
import { TextField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";

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

/** A modal asking for one name (saving or renaming a view). */
export function NameDialog({ open, title, label, initialValue = "", description, submitLabel, pending = false, error, maxLength = 60, onSubmit, onCancel }: Props) {
  const [value, setValue] = useState(initialValue);
  const [localError, setLocalError] = useState<string | undefined>();

  useEffect(() => {
    if (!open) return;
    setValue(initialValue);
    setLocalError(undefined);
  }, [open, initialValue]);

  return (
    <ModalForm
      open={open}
      title={title}
      description={description}
      submitLabel={submitLabel}
      pending={pending}
      onCancel={onCancel}
      onSubmit={() => {
        const name = value.trim();
        if (!name) return setLocalError("Enter a name.");
        if (name.length > maxLength) return setLocalError(`Use at most ${maxLength} characters.`);
        setLocalError(undefined);
        onSubmit(name);
      }}
    >
      <TextField label={label} value={value} autoFocus maxLength={maxLength + 20} error={localError ?? error} onChange={(e) => setValue(e.target.value)} disabled={pending} />
    </ModalForm>
  );
}
