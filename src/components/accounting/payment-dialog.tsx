"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { compareDecimal, majorToMinorText, minorToMajorText } from "@/components/inventory/amounts";
import { SelectField, TextField } from "@/components/ui/field";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { refusalText, useMoney } from "./parts";
import type { Document } from "./types";

/*
 * Record a payment of an invoice (received) or a bill (made): prefilled with the amount due,
 * today and the bank account. It is allocated to this document up to its due amount; more
 * is kept as the party's credit (an overpayment), to apply later.
 */

/** The accounts money moves through: active assets that are not the receivable or the stock. */
export function useCashAccounts(currency: string) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.accounting.accounts.list.queryOptions());
  const usable = (accounts.data ?? []).filter((a) => a.type === "asset" && a.active && a.systemKey !== "receivable" && a.systemKey !== "inventory" && (!a.currency || a.currency === currency));
  return { accounts, usable, preferred: usable.find((a) => a.systemKey === "bank") ?? usable[0] };
}

export function RecordPaymentDialog({ document, open, onClose, onRecorded }: { document: Document; open: boolean; onClose: () => void; onRecorded: () => Promise<void> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { format, money } = useMoney();
  const { usable, preferred } = useCashAccounts(document.currency);
  const record = useMutation(trpc.accounting.payments.record.mutationOptions());
  const [amount, setAmount] = useState(() => minorToMajorText(document.due, document.currency));
  const [date, setDate] = useState(() => format.dayKey(new Date()));
  const [accountId, setAccountId] = useState("");
  const [method, setMethod] = useState("");
  const [reference, setReference] = useState("");
  const [amountError, setAmountError] = useState<string | null>(null);
  const fieldErrors = record.error ? readServerError(record.error).fieldErrors : {};
  const shownFields = ["amount", "date", "accountId", "method", "reference"];
  const otherError = record.error && !shownFields.some((f) => fieldErrors[f]?.length) ? refusalText(record.error) : null;
  const minor = majorToMinorText(amount, document.currency);
  const over = minor && /^\d+$/.test(minor) && compareDecimal(minor, document.due) > 0 ? minor : null;
  const received = document.kind === "invoice";

  return (
    <ModalForm
      open={open}
      title={received ? "Record a payment received" : "Record a payment made"}
      description={`${money(document.due, document.currency)} is due on ${document.number ?? "this document"}.`}
      submitLabel="Record the payment"
      pending={record.isPending}
      error={otherError}
      onCancel={() => {
        record.reset();
        onClose();
      }}
      onSubmit={() => {
        if (!minor || !/^\d+$/.test(minor) || !/[1-9]/.test(minor)) {
          setAmountError(`Enter an amount above zero like 12.50 (${document.currency}), whole cents.`);
          return;
        }
        setAmountError(null);
        const allocated = over ? document.due : minor;
        record.mutate(
          {
            direction: received ? "received" : "made",
            date,
            companyId: document.companyId,
            contactId: document.contactId,
            amount: minor,
            currency: document.currency,
            accountId: accountId || preferred?.id || null,
            method: method.trim() || null,
            reference: reference.trim() || null,
            allocations: [{ documentId: document.id, amount: allocated }],
          },
          {
            onSuccess: async (payment) => {
              queryClient.setQueryData(trpc.accounting.payments.get.queryKey({ id: payment.id }), payment);
              await onRecorded();
              onClose();
            },
          },
        );
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={`Amount (${document.currency})`}
          inputMode="decimal"
          required
          value={amount}
          error={amountError ?? fieldErrors.amount?.[0] ?? fieldErrors["allocations.0.amount"]?.[0]}
          hint={over ? `${money(String(BigInt(over) - BigInt(document.due)), document.currency)} more than due: kept as the party's credit.` : undefined}
          onChange={(e) => setAmount(e.target.value)}
        />
        <TextField label="Date" type="date" required value={date} error={fieldErrors.date?.[0]} onChange={(e) => setDate(e.target.value)} />
      </div>
      <SelectField label={received ? "Paid into" : "Paid from"} value={accountId || preferred?.id || ""} error={fieldErrors.accountId?.[0]} onChange={(e) => setAccountId(e.target.value)}>
        {usable.map((a) => (
          <option key={a.id} value={a.id}>
            {a.code} {a.name}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Method" value={method} maxLength={50} placeholder="Bank transfer" error={fieldErrors.method?.[0]} onChange={(e) => setMethod(e.target.value)} />
        <TextField label="Reference" value={reference} maxLength={100} error={fieldErrors.reference?.[0]} onChange={(e) => setReference(e.target.value)} />
      </div>
    </ModalForm>
  );
}
