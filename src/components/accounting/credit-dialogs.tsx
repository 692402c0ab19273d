"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { compareDecimal, majorToMinorText, minorToMajorText } from "@/components/inventory/amounts";
import { TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { TextField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { refusalText, useMoney } from "./parts";
import type { Document } from "./types";

/*
 * Credits of a posted invoice or bill: a credit note for all its lines or chosen quantities
 * (a draft, at the document's prices and taxes; by default its product lines return their
 * stock when it is sent), and applying the party's credit (an
 * overpayment, a credit note not yet used) to what is still due.
 */

export function CreditNoteDialog({ slug, document, open, onClose }: { slug: string; document: Document; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const credit = useMutation(trpc.accounting.documents.credit.mutationOptions());
  const [quantities, setQuantities] = useState<Record<string, string>>(() => Object.fromEntries(document.lines.map((l) => [l.id, l.quantity])));
  const fieldErrors = credit.error ? readServerError(credit.error).fieldErrors : {};
  const noun = document.kind === "invoice" ? "credit note" : "supplier credit";
  const chosen = document.lines.filter((l) => /[1-9]/.test(quantities[l.id] ?? ""));
  // Only a credit note returns goods (to the warehouse they shipped from, at their cost); off for damaged goods or a price correction.
  const [returnStock, setReturnStock] = useState(true);
  const hasStock = document.kind === "invoice" && document.lines.some((l) => l.productId);
  return (
    <ModalForm
      open={open}
      size="lg"
      title={`Create a ${noun}`}
      description={`A draft ${noun} for ${document.number}, at its prices and taxes. Lower a quantity to credit part of a line, 0 to leave it out.`}
      submitLabel={`Create the ${noun}`}
      submitDisabled={chosen.length === 0}
      pending={credit.isPending}
      error={credit.error ? refusalText(credit.error) : null}
      onCancel={() => {
        credit.reset();
        onClose();
      }}
      onSubmit={() =>
        credit.mutate(
          { id: document.id, lines: chosen.map((l) => ({ lineId: l.id, quantity: (quantities[l.id] ?? "").trim() })), returnStock: hasStock && returnStock },
          {
            onSuccess: async (draft) => {
              queryClient.setQueryData(trpc.accounting.documents.get.queryKey({ id: draft.id }), draft);
              await Promise.all([
                queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.list.queryKey() }),
                queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.get.queryKey({ id: document.id }) }),
              ]);
              onClose();
              router.push(`/t/${slug}/accounting/documents/${draft.id}`);
            },
          },
        )
      }
    >
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">Quantities to credit</caption>
        <thead>
          <tr>
            <th scope="col" className={TH}>Line</th>
            <th scope="col" className={TH_NUM}>Invoiced</th>
            <th scope="col" className={TH_NUM}>To credit</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {document.lines.map((line, i) => {
            const error = fieldErrors[`lines.${chosen.findIndex((c) => c.id === line.id)}.quantity`]?.[0];
            return (
              <tr key={line.id}>
                <td className={TD}>{line.description}</td>
                <td className={TD_NUM}>{line.quantity}</td>
                <td className={clsx(TD_NUM, "w-32")}>
                  <input
                    aria-label={`Quantity to credit of line ${i + 1}`}
                    inputMode="decimal"
                    aria-invalid={error ? true : undefined}
                    className={clsx("w-full rounded-lg border bg-white px-2 py-1.5 text-right text-sm", error ? "border-danger-600" : "border-gray-300")}
                    value={quantities[line.id] ?? ""}
                    onChange={(e) => setQuantities((q) => ({ ...q, [line.id]: e.target.value }))}
                  />
                  {error && <p className="mt-1 text-left text-xs font-medium text-danger-700">{error}</p>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {hasStock && (
        <label className="flex items-start gap-2 text-sm text-ink">
          <input type="checkbox" className="mt-0.5" checked={returnStock} onChange={(e) => setReturnStock(e.target.checked)} />
          <span>
            Return items to stock
            <span className="block text-xs text-gray-600">The products come back to the warehouse they shipped from, at the cost they left at, when the credit note is sent. Untick for damaged goods.</span>
          </span>
        </label>
      )}
    </ModalForm>
  );
}

/** The party's credit that can settle this document (same currency). */
export function usePartyCredit(document: Document, enabled: boolean) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.accounting.payments.credit.queryOptions(
      { direction: document.kind === "invoice" ? "received" : "made", companyId: document.companyId, contactId: document.companyId ? null : document.contactId },
      { enabled },
    ),
  );
  return (query.data ?? []).filter((c) => c.currency === document.currency);
}

export function ApplyCreditDialog({ document, open, onClose, onApplied }: { document: Document; open: boolean; onClose: () => void; onApplied: () => Promise<void> }) {
  const trpc = useTRPC();
  const { money, format } = useMoney();
  const credits = usePartyCredit(document, open);
  const apply = useMutation(trpc.accounting.payments.applyCredit.mutationOptions());
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [amount, setAmount] = useState<string | null>(null);
  const source = credits.find((c) => c.id === sourceId) ?? credits[0];
  const suggested = source ? (compareDecimal(source.left, document.due) < 0 ? source.left : document.due) : "0";
  const shownAmount = amount ?? minorToMajorText(suggested, document.currency);
  const fieldErrors = apply.error ? readServerError(apply.error).fieldErrors : {};
  return (
    <ModalForm
      open={open}
      title="Apply a credit"
      description={`${money(document.due, document.currency)} is due. No money moves: the credit settles the document.`}
      submitLabel="Apply the credit"
      submitDisabled={!source}
      pending={apply.isPending}
      error={apply.error && !fieldErrors.amount?.length ? refusalText(apply.error) : null}
      onCancel={() => {
        apply.reset();
        onClose();
      }}
      onSubmit={() => {
        if (!source) return;
        const minor = majorToMinorText(shownAmount, document.currency) ?? "";
        apply.mutate(
          { documentId: document.id, ...(source.source === "payment" ? { paymentId: source.id } : { creditNoteId: source.id }), amount: minor },
          {
            onSuccess: async () => {
              await onApplied();
              onClose();
            },
          },
        );
      }}
    >
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-ink">Credit to use</legend>
        {credits.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="credit-source"
              checked={source?.id === c.id}
              onChange={() => {
                setSourceId(c.id);
                setAmount(null);
              }}
            />
            <span>
              {c.source === "payment" ? `Payment of ${format.day(c.date)}` : c.label} ({c.source === "payment" ? c.label : "credit note"}): {money(c.left, c.currency)} left
            </span>
          </label>
        ))}
      </fieldset>
      <TextField label={`Amount (${document.currency})`} inputMode="decimal" required value={shownAmount} error={fieldErrors.amount?.[0]} onChange={(e) => setAmount(e.target.value)} />
    </ModalForm>
  );
}
