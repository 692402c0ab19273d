"use client";

import { ModalForm } from "../ui/modal";

type Props = {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  /** "danger" for removing people or leaving; the confirm button is red. */
  tone?: "danger" | "primary";
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
};

/** A modal confirmation. Cancel is focused first so Enter does not confirm by accident. */
export function ConfirmDialog({ open, title, children, confirmLabel, tone = "danger", pending = false, onConfirm, onCancel }: Props) {
  return (
    <ModalForm
      open={open}
      title={title}
      description={children}
      submitLabel={confirmLabel}
      tone={tone}
      pending={pending}
      focusCancel
      onSubmit={onConfirm}
      onCancel={onCancel}
    />
  );
}
