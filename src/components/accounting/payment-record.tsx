"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Badge, Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { Button, ButtonLink } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DetailGrid } from "./document-parts";
import { DOCUMENT_KIND_LABELS } from "./labels";
import { refusalText, useMoney } from "./parts";
import type { DocumentKind } from "./types";

/* /t/[slug]/accounting/payments/[id]: a payment, its journal entry and allocations; admins void it (its entry is reversed). */

export function PaymentNotFound({ slug }: { slug?: string }) {
  const pathname = usePathname();
  const href = slug ? `/t/${slug}/accounting/payments` : pathname.replace(/\/[^/]*$/, "");
  return (
    <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Payment not found</h1>
      <p className="text-sm text-ink-muted">This payment does not exist.</p>
      <ButtonLink href={href} variant="secondary">
        Back to the payments
      </ButtonLink>
    </section>
  );
}

export function PaymentRecord({ slug, id, canPost }: { slug: string; id: string; canPost: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { format, money } = useMoney();
  const query = useQuery(trpc.accounting.payments.get.queryOptions({ id }));
  const voidIt = useMutation(trpc.accounting.payments.void.mutationOptions());
  const [voiding, setVoiding] = useState(false);
  const [date, setDate] = useState(() => format.dayKey(new Date()));
  const [reason, setReason] = useState("");

  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading the payment…
      </p>
    );
  }
  if (query.isError) {
    if (query.error.data?.code === "NOT_FOUND") return <PaymentNotFound slug={slug} />;
    return <LoadError message={`Could not load the payment: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  }
  const p = query.data;
  const entryLink = (entryId: string, text: string) => (
    <Link href={`/t/${slug}/accounting/entries/${entryId}`} className="text-brand-700 hover:underline">
      {text}
    </Link>
  );
  const rows: [string, React.ReactNode][] = [
    ["Status", p.voidedAt ? <Badge key="s">Void</Badge> : <Badge key="s" tone="green">Posted</Badge>],
    [p.direction === "received" ? "From" : "To", p.partyName],
    ["Date", format.day(p.date)],
    ["Amount", money(p.amount, p.currency)],
    ["Unallocated (credit)", money(p.unallocated, p.currency)],
    ["Method", p.method ?? "—"],
    ["Reference", p.reference ?? "—"],
    ["Journal entry", entryLink(p.entryId, p.entryNumber ? `Entry ${p.entryNumber}` : "Entry")],
  ];
  if (p.voidEntryId) rows.push(["Void entry", entryLink(p.voidEntryId, "Reversal")]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href={`/t/${slug}/accounting/payments`} className="text-brand-700 hover:underline">
              Payments
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold text-ink">
            Payment {p.direction === "received" ? "from" : "to"} {p.partyName}
          </h1>
          <p className="mt-1 text-sm text-ink-muted">
            {money(p.amount, p.currency)} on {format.day(p.date)}
          </p>
        </div>
        {canPost && !p.voidedAt && (
          <Button type="button" variant="secondary" onClick={() => setVoiding(true)}>
            Void
          </Button>
        )}
      </div>
      <Section id="payment-details-heading" title="Details">
        <DetailGrid rows={rows} />
      </Section>
      <Section id="payment-allocations-heading" title="Allocations">
        {p.allocations.length === 0 ? (
          <p className="text-sm text-ink-muted">Not allocated to any document: the whole payment is the party&apos;s credit.</p>
        ) : (
          <TableFrame caption="Documents this payment settles">
            <thead className="bg-surface-muted">
              <tr>
                <th scope="col" className={TH}>Document</th>
                <th scope="col" className={TH}>Date</th>
                <th scope="col" className={TH_NUM}>Amount</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {p.allocations.map((a) => (
                <tr key={a.id} className={clsx(a.voided && "text-ink-faint line-through")}>
                  <td className={TD}>
                    <Link href={`/t/${slug}/accounting/documents/${a.documentId}`} className="text-brand-700 hover:underline">
                      {DOCUMENT_KIND_LABELS[a.kind as DocumentKind] ?? "Document"} {a.number}
                    </Link>
                  </td>
                  <td className={clsx(TD, "whitespace-nowrap")}>{format.day(a.date)}</td>
                  <td className={TD_NUM}>{money(a.amount, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
        )}
      </Section>
      <ModalForm
        open={voiding}
        title="Void this payment?"
        description="Its journal entry is reversed on the date below and its allocations end: the documents it paid are due again."
        submitLabel="Void"
        tone="danger"
        focusCancel
        pending={voidIt.isPending}
        error={voidIt.error ? refusalText(voidIt.error) : null}
        onCancel={() => {
          voidIt.reset();
          setVoiding(false);
        }}
        onSubmit={() =>
          voidIt.mutate(
            { id, date, reason: reason.trim() || null },
            {
              onSuccess: async (voided) => {
                queryClient.setQueryData(trpc.accounting.payments.get.queryKey({ id }), voided);
                setVoiding(false);
                await Promise.all([
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.payments.list.queryKey() }),
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.pathKey() }),
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.entries.list.queryKey() }),
                  queryClient.invalidateQueries({ queryKey: trpc.accounting.reports.pathKey() }),
                ]);
              },
            },
          )
        }
      >
        <TextField label="Date of the reversal" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        <TextField label="Reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </ModalForm>
    </div>
  );
}
