"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DOCUMENT_KIND_LABELS } from "./labels";
import { refusalText } from "./parts";
import type { Document } from "./types";

/*
 * "Email invoice": to the party's email (or another address) with an optional message. The
 * server queues it (the PDF is rendered and attached when the email job runs), so a mail
 * server that is down delays it without losing it.
 */

export function EmailDialog({ document, open, onClose, onQueued }: { document: Document; open: boolean; onClose: () => void; onQueued: (to: string) => void }) {
  const trpc = useTRPC();
  const email = useMutation(trpc.accounting.documents.email.mutationOptions());
  const [to, setTo] = useState(document.partyEmail ?? "");
  const [message, setMessage] = useState("");
  const fieldErrors = email.error ? readServerError(email.error).fieldErrors : {};
  const noun = DOCUMENT_KIND_LABELS[document.kind].toLowerCase();
  return (
    <ModalForm
      open={open}
      title={`Email ${noun} ${document.number ?? ""}`.trim()}
      description={`The ${noun} goes out as a PDF attachment, from the outbox: it is sent within a minute, retried if the mail server is down.`}
      submitLabel="Send the email"
      pending={email.isPending}
      error={email.error && !fieldErrors.to?.length && !fieldErrors.message?.length ? refusalText(email.error) : null}
      onCancel={() => {
        email.reset();
        onClose();
      }}
      onSubmit={() =>
        email.mutate(
          { id: document.id, ...(to.trim() ? { to: to.trim() } : {}), message: message.trim() || null },
          {
            onSuccess: (queued) => {
              onQueued(queued.to);
              onClose();
            },
          },
        )
      }
    >
      <TextField label="To" type="email" required value={to} maxLength={254} error={fieldErrors.to?.[0]} placeholder="name@example.com" onChange={(e) => setTo(e.target.value)} />
      <label className="flex flex-col gap-1.5 text-sm font-medium text-ink">
        Message
        <textarea
          rows={4}
          maxLength={2000}
          placeholder="Empty: a short note with the number, the amount due and the due date."
          className="rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm font-normal shadow-sm"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        {fieldErrors.message?.[0] && <span className="text-xs text-danger-700">{fieldErrors.message[0]}</span>}
      </label>
    </ModalForm>
  );
}
