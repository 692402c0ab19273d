"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { minorToMajorText } from "@/components/inventory/amounts";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DocumentActions } from "./document-actions";
import { DocumentForm } from "./document-form";
import { DetailGrid, DocumentStatusBadge } from "./document-parts";
import { documentTitle, DOCUMENT_KIND_LABELS, sideOf } from "./labels";
import { useMoney } from "./parts";
import type { Document } from "./types";

/*
 * /t/[slug]/accounting/documents/[id]: an invoice, bill or credit note: its party and dates,
 * lines with their taxes, the tax summary per rate, totals, what is paid and due, its journal
 * entry, the payments and credits applied, and the actions its status and the role allow.
 */

export function DocumentNotFound({ slug }: { slug?: string }) {
  const pathname = usePathname();
  const base = slug ? `/t/${slug}/accounting` : pathname.replace(/\/documents\/[^/]*$/, "");
  return (
    <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-ink">Document not found</h1>
      <p className="text-sm text-ink-muted">This invoice or bill does not exist: a draft may have been deleted.</p>
      <div className="flex gap-2">
        <ButtonLink href={`${base}/invoices`} variant="secondary">
          Invoices
        </ButtonLink>
        <ButtonLink href={`${base}/bills`} variant="secondary">
          Bills
        </ButtonLink>
      </div>
    </section>
  );
}

function Lines({ document }: { document: Document }) {
  const { money } = useMoney();
  const c = document.currency;
  // A unit price with fractions of a cent is shown exactly, as a decimal with its code.
  const price = (minor: string) => (minor.includes(".") ? `${minorToMajorText(minor, c)} ${c}` : money(minor, c));
  const totals: [string, string, boolean][] = [
    ["Subtotal", document.subtotal, false],
    ["Tax", document.taxTotal, false],
    ["Total", document.total, true],
  ];
  return (
    <TableFrame caption={`Lines of ${documentTitle(document).toLowerCase()}`}>
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>#</th>
          <th scope="col" className={TH}>Description</th>
          <th scope="col" className={TH_NUM}>Quantity</th>
          <th scope="col" className={TH_NUM}>Unit price</th>
          <th scope="col" className={TH_NUM}>Discount</th>
          <th scope="col" className={TH}>Taxes</th>
          <th scope="col" className={TH_NUM}>Net</th>
          <th scope="col" className={TH_NUM}>Total</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {document.lines.map((line) => (
          <tr key={line.id}>
            <td className={clsx(TD, "tabular-nums text-ink-faint")}>{line.lineNo}</td>
            <td className={clsx(TD, "max-w-md whitespace-pre-line")}>{line.description}</td>
            <td className={TD_NUM}>{line.quantity}</td>
            <td className={TD_NUM}>{price(line.unitPrice)}</td>
            <td className={TD_NUM}>{/[1-9]/.test(line.discountPercent) ? `${line.discountPercent} %` : ""}</td>
            <td className={TD}>{line.taxes.map((t) => `${t.name}${t.inclusive ? " (included)" : ""}: ${money(t.amount, c)}`).join(", ")}</td>
            <td className={TD_NUM}>{money(line.net, c)}</td>
            <td className={TD_NUM}>{money(line.total, c)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot className="bg-surface-muted">
        {totals.map(([label, amount, strong]) => (
          <tr key={label}>
            <th scope="row" colSpan={7} className={clsx(TD, "text-right font-medium text-ink")}>
              {label}
            </th>
            <td className={clsx(TD_NUM, strong && "font-semibold")} data-testid={`document-${label.toLowerCase()}`}>
              {money(amount, c)}
            </td>
          </tr>
        ))}
      </tfoot>
    </TableFrame>
  );
}

function TaxSummary({ document }: { document: Document }) {
  const { money } = useMoney();
  if (document.taxSummary.length === 0) return <p className="text-sm text-ink-muted">No tax on this document.</p>;
  return (
    <TableFrame caption="Tax per rate">
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>Rate</th>
          <th scope="col" className={TH_NUM}>Base</th>
          <th scope="col" className={TH_NUM}>Tax</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {document.taxSummary.map((t) => (
          <tr key={t.taxRateId}>
            <td className={TD}>
              {t.name} ({t.ratePercent} %{t.inclusive ? ", included in the price" : ""})
            </td>
            <td className={TD_NUM}>{money(t.base, document.currency)}</td>
            <td className={TD_NUM}>{money(t.amount, document.currency)}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

function Settlements({ slug, document }: { slug: string; document: Document }) {
  const { money, format } = useMoney();
  const isCredit = document.kind === "credit_note" || document.kind === "supplier_credit";
  if (document.allocations.length === 0) return <EmptyState title={isCredit ? "Not applied yet" : "No payments yet"} />;
  const link = (href: string, text: string) => (
    <Link href={`/t/${slug}/accounting/${href}`} className="text-brand-700 hover:underline">
      {text}
    </Link>
  );
  return (
    <TableFrame caption={isCredit ? "Documents this credit settles" : "Payments and credits"}>
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>Date</th>
          <th scope="col" className={TH}>From</th>
          <th scope="col" className={TH_NUM}>Amount</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {document.allocations.map((a) => (
          <tr key={a.id} className={clsx(a.voided && "text-ink-faint line-through")}>
            <td className={clsx(TD, "whitespace-nowrap")}>{format.day(a.date)}</td>
            <td className={TD}>
              {isCredit
                ? link(`documents/${a.documentId}`, a.documentNumber ?? "a document")
                : a.paymentId
                  ? link(`payments/${a.paymentId}`, `Payment${a.source ? ` (${a.source})` : ""}`)
                  : link(`documents/${a.creditNoteId}`, `Credit ${a.source ?? ""}`.trim())}
              {a.voided && <span className="ml-1 no-underline">(void)</span>}
            </td>
            <td className={TD_NUM}>{money(a.amount, document.currency)}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

function Details({ slug, document }: { slug: string; document: Document }) {
  const { format, money } = useMoney();
  const sales = sideOf(document.kind) === "sales";
  const isCredit = document.kind === "credit_note" || document.kind === "supplier_credit";
  const rows: [string, React.ReactNode][] = [
    ["Status", <DocumentStatusBadge key="s" status={document.displayStatus} credit={isCredit} />],
    [sales ? "Customer" : "Supplier", [document.partyName, document.partyEmail, document.partyAddress].filter(Boolean).join("\n")],
    ["Number", document.number ?? (document.kind === "invoice" ? "Given when sent" : "Given when posted")],
    ["Issued", format.day(document.issueDate)],
    ["Due", document.dueDate ? <span className={clsx(document.displayStatus === "overdue" && "font-medium text-danger-700")}>{format.day(document.dueDate)}</span> : "—"],
    ["Currency", document.currency],
    [isCredit ? "Applied" : "Paid", money(document.paid, document.currency)],
    [isCredit ? "Left to apply" : "Amount due", <strong key="d">{money(document.due, document.currency)}</strong>],
  ];
  if (document.reference) rows.push(["Reference", document.reference]);
  if (document.creditOf) rows.push(["Credits", <Link key="c" href={`/t/${slug}/accounting/documents/${document.creditOf.id}`} className="text-brand-700 hover:underline">{document.creditOf.number ?? "a document"}</Link>]);
  if (document.entry) rows.push(["Journal entry", <Link key="e" href={`/t/${slug}/accounting/entries/${document.entry.id}`} className="text-brand-700 hover:underline">{document.entry.number !== null ? `Entry ${document.entry.number}` : "Entry"}</Link>]);
  if (document.voidEntry) rows.push(["Void entry", <Link key="v" href={`/t/${slug}/accounting/entries/${document.voidEntry.id}`} className="text-brand-700 hover:underline">{document.voidEntry.number !== null ? `Entry ${document.voidEntry.number}` : "Entry"}</Link>]);
  if (document.voidReason) rows.push(["Void reason", document.voidReason]);
  if (document.paymentTerms) rows.push(["Payment terms", document.paymentTerms]);
  if (document.notes) rows.push(["Notes", document.notes]);
  return <DetailGrid rows={rows} />;
}

export function DocumentRecord({ slug, id, canDraft, canPost }: { slug: string; id: string; canDraft: boolean; canPost: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.accounting.documents.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);

  if (query.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading the document…
      </p>
    );
  }
  if (query.isError) {
    if (query.error.data?.code === "NOT_FOUND") return <DocumentNotFound slug={slug} />;
    return <LoadError message={`Could not load the document: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  }
  const document = query.data;
  const sales = sideOf(document.kind) === "sales";
  const listHref = `/t/${slug}/accounting/${sales ? "invoices" : "bills"}`;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0">
          <p className="text-sm">
            <Link href={listHref} className="text-brand-700 hover:underline">
              {sales ? "Invoices" : "Bills"}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-semibold text-ink">{documentTitle(document)}</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {DOCUMENT_KIND_LABELS[document.kind]} {sales ? "to" : "from"} {document.partyName}
          </p>
        </div>
        {!editing && <DocumentActions slug={slug} document={document} canDraft={canDraft} canPost={canPost} onEdit={() => setEditing(true)} />}
      </div>
      {document.status === "draft" && !canPost && !editing && (
        <Alert tone="info">This is a draft. An owner or admin {document.kind === "invoice" ? "sends" : "posts"} it: that numbers it and makes it final.</Alert>
      )}
      {editing ? (
        <Section id="edit-document-heading" title="Edit the draft">
          <DocumentForm slug={slug} kind={sales ? "invoice" : "bill"} document={document} onDone={() => setEditing(false)} />
        </Section>
      ) : (
        <>
          <Section id="document-details-heading" title="Details">
            <Details slug={slug} document={document} />
          </Section>
          <Section id="document-lines-heading" title="Lines">
            <Lines document={document} />
          </Section>
          <Section id="document-tax-heading" title="Tax summary">
            <TaxSummary document={document} />
          </Section>
          {document.status !== "draft" && (
            <Section id="document-payments-heading" title={document.kind === "credit_note" || document.kind === "supplier_credit" ? "Applied to" : "Payments and credits"}>
              <Settlements slug={slug} document={document} />
            </Section>
          )}
          {document.credits.length > 0 && (
            <Section id="document-credits-heading" title={sales ? "Credit notes" : "Supplier credits"}>
              <ul className="flex flex-col gap-1 text-sm">
                {document.credits.map((c) => (
                  <li key={c.id}>
                    <Link href={`/t/${slug}/accounting/documents/${c.id}`} className="text-brand-700 hover:underline">
                      {c.number ?? "Draft"}
                    </Link>{" "}
                    <span className="text-ink-muted">({c.status})</span>
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </div>
  );
}
