"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTenantId } from "@/components/shell/tenant-context";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";
import { useTRPC } from "@/trpc/client";
import { ApplyCreditDialog, CreditNoteDialog, usePartyCredit } from "./credit-dialogs";
import { EmailDialog } from "./email-dialog";
import { documentTitle, DOCUMENT_KIND_LABELS } from "./labels";
import { refusalText, useMoney } from "./parts";
import { RecordPaymentDialog } from "./payment-dialog";
import type { Document } from "./types";

/*
 * What can be done with a document, by role and status: a draft is edited or deleted
 * (members) and sent or posted (admins); a posted invoice or bill takes payments and credit
 * (admins), credit notes (members) and can be voided (admins). The server checks again.
 */

type Dialog = "post" | "delete" | "void" | "pay" | "credit" | "apply" | "email" | null;

export function DocumentActions({ slug, document, canDraft, canPost, onEdit }: { slug: string; document: Document; canDraft: boolean; canPost: boolean; onEdit: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { format, money } = useMoney();
  const tenantId = useTenantId();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  const [voidDate, setVoidDate] = useState(() => format.dayKey(new Date()));
  const [voidReason, setVoidReason] = useState("");
  const post = useMutation(trpc.accounting.documents.post.mutationOptions());
  const remove = useMutation(trpc.accounting.documents.delete.mutationOptions());
  const voidIt = useMutation(trpc.accounting.documents.void.mutationOptions());
  const id = document.id;
  const isDraft = document.status === "draft";
  const isPosted = document.status === "posted";
  const payable = document.kind === "invoice" || document.kind === "bill";
  const due = /[1-9]/.test(document.due) && !document.due.startsWith("-");
  const credits = usePartyCredit(document, isPosted && payable && due && canPost);
  const title = documentTitle(document);
  const sendWord = document.kind === "invoice" ? "Send" : "Post";

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.accounting.payments.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.accounting.reports.pathKey() }),
    ]);
  };
  const close = () => setDialog(null);

  return (
    <div className="flex flex-col items-start gap-2 lg:items-end">
      <div className="flex flex-wrap gap-2">
        {!isDraft && tenantId && (
          <a href={`/api/accounting/documents/${id}/pdf?tenant=${encodeURIComponent(tenantId)}`} className={buttonClass("secondary")} target="_blank" rel="noopener">
            Download PDF
          </a>
        )}
        {isPosted && canPost && (
          <Button type="button" variant="secondary" onClick={() => setDialog("email")}>
            Email {DOCUMENT_KIND_LABELS[document.kind].toLowerCase()}
          </Button>
        )}
        {isDraft && canDraft && (
          <>
            <Button type="button" variant="secondary" onClick={onEdit}>
              Edit
            </Button>
            <Button type="button" variant="secondary" onClick={() => setDialog("delete")}>
              Delete
            </Button>
          </>
        )}
        {isDraft && canPost && (
          <Button type="button" onClick={() => setDialog("post")}>
            {sendWord}
          </Button>
        )}
        {isPosted && payable && due && canPost && (
          <Button type="button" onClick={() => setDialog("pay")}>
            Record payment
          </Button>
        )}
        {isPosted && payable && due && canPost && credits.length > 0 && (
          <Button type="button" variant="secondary" onClick={() => setDialog("apply")}>
            Apply credit
          </Button>
        )}
        {isPosted && payable && canDraft && (
          <Button type="button" variant="secondary" onClick={() => setDialog("credit")}>
            {document.kind === "invoice" ? "Create credit note" : "Create supplier credit"}
          </Button>
        )}
        {isPosted && canPost && (
          <Button type="button" variant="secondary" onClick={() => setDialog("void")}>
            Void
          </Button>
        )}

        <ModalForm
          open={dialog === "post"}
          title={`${sendWord} this ${title.replace(/^Draft /, "")}?`}
          description={
            <>
              It takes the next number, is posted to the journal for {money(document.total, document.currency)}
              {document.lines.some((l) => l.productId) ? (document.kind === "invoice" ? " and ships its stock" : " and receives its stock") : ""}. It cannot be changed afterwards: it is corrected by a credit note or voided.
            </>
          }
          submitLabel={sendWord}
          pending={post.isPending}
          error={post.error ? refusalText(post.error) : null}
          onCancel={() => {
            post.reset();
            close();
          }}
          onSubmit={() =>
            post.mutate(
              { id },
              {
                onSuccess: async (posted) => {
                  queryClient.setQueryData(trpc.accounting.documents.get.queryKey({ id }), posted);
                  close();
                  await refresh();
                },
              },
            )
          }
        />
        <ModalForm
          open={dialog === "delete"}
          title="Delete this draft?"
          description="The draft and its lines are removed and the stock it held is released. This cannot be undone."
          submitLabel="Delete the draft"
          tone="danger"
          focusCancel
          pending={remove.isPending}
          error={remove.error ? refusalText(remove.error) : null}
          onCancel={() => {
            remove.reset();
            close();
          }}
          onSubmit={() =>
            remove.mutate(
              { id },
              {
                onSuccess: async () => {
                  await queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.list.queryKey() });
                  router.push(`/t/${slug}/accounting/${document.kind === "invoice" || document.kind === "credit_note" ? "invoices" : "bills"}`);
                },
              },
            )
          }
        />
        <ModalForm
          open={dialog === "void"}
          title={`Void ${title}?`}
          description="Its journal entry is reversed on the date below and its stock moves back. Payments and credits applied to it must be voided first. The document stays, marked void."
          submitLabel="Void"
          tone="danger"
          focusCancel
          pending={voidIt.isPending}
          error={voidIt.error ? refusalText(voidIt.error) : null}
          onCancel={() => {
            voidIt.reset();
            close();
          }}
          onSubmit={() =>
            voidIt.mutate(
              { id, date: voidDate, reason: voidReason.trim() || null },
              {
                onSuccess: async (voided) => {
                  queryClient.setQueryData(trpc.accounting.documents.get.queryKey({ id }), voided);
                  close();
                  await refresh();
                },
              },
            )
          }
        >
          <TextField label="Date of the reversal" type="date" required value={voidDate} onChange={(e) => setVoidDate(e.target.value)} />
          <TextField label="Reason" value={voidReason} maxLength={500} placeholder="Issued by mistake" onChange={(e) => setVoidReason(e.target.value)} />
        </ModalForm>
        {dialog === "pay" && <RecordPaymentDialog document={document} open onClose={close} onRecorded={refresh} />}
        {dialog === "credit" && <CreditNoteDialog slug={slug} document={document} open onClose={close} />}
        {dialog === "apply" && <ApplyCreditDialog document={document} open onClose={close} onApplied={refresh} />}
        {dialog === "email" && <EmailDialog document={document} open onClose={close} onQueued={setEmailedTo} />}
      </div>
      {emailedTo && <Alert tone="success">The email to {emailedTo} is on its way.</Alert>}
    </div>
  );
}
