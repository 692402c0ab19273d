"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { CompanyPicker, type CompanyChoice } from "@/components/crm/companies/company-picker";
import { DealContactsPicker, type ContactChoice } from "@/components/crm/deals/deal-contacts-picker";
import { contactName } from "@/components/crm/shared/format";
import { majorToMinorText, minorToMajorText } from "@/components/inventory/amounts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DocumentLines, emptyLine, type LineValues } from "./document-lines";
import { DocumentTotalsPreview } from "./document-totals";
import { splitServerErrors, useMoney } from "./parts";
import type { Document } from "./types";

/*
 * A draft invoice or bill: the party (a CRM company, a contact or both), dates, currency,
 * reference, notes, the warehouse when a line has a product, and the lines. Unit prices are
 * typed in major units and sent as minor-unit text ("12.50" → "1250"), never as floats. The
 * totals shown as lines change use the server's arithmetic (./document-totals.tsx); the server
 * computes and stores them again on save and marks every problem by field.
 */

const HEADER_FIELDS = ["companyId", "contactId", "issueDate", "dueDate", "currency", "reference", "notes", "warehouseId"] as const;

function linesOf(document: Document): LineValues[] {
  return document.lines.map((l, i) => ({
    key: i,
    product: l.productId ? { id: l.productId, label: l.description, name: l.description, currency: document.currency, salePriceMinor: null } : null,
    description: l.description,
    quantity: l.quantity,
    unitPrice: minorToMajorText(l.unitPrice, document.currency),
    discountPercent: /[1-9]/.test(l.discountPercent) ? l.discountPercent : "",
    taxRateIds: l.taxes.map((t) => t.taxRateId),
    accountId: document.kind === "bill" && !l.productId ? l.accountId : "",
  }));
}

/** The contact of a saved document, named (the document keeps the party's name only). */
function useContactChoice(document: Document | null): ContactChoice[] | null {
  const trpc = useTRPC();
  const both = Boolean(document?.contactId && document.companyId);
  const contact = useQuery(trpc.crm.contacts.get.queryOptions({ id: document?.contactId ?? "" }, { enabled: both, retry: false }));
  if (!document?.contactId) return [];
  if (!both) return [{ id: document.contactId, name: document.partyName }];
  return contact.data ? [{ id: document.contactId, name: contactName(contact.data) }] : contact.isError ? [{ id: document.contactId, name: "The contact" }] : null;
}

export function DocumentForm({ slug, kind, document, onDone }: { slug: string; kind: "invoice" | "bill"; document: Document | null; onDone?: () => void }) {
  const contact = useContactChoice(document);
  if (contact === null) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Opening the form…
      </p>
    );
  }
  return <Form slug={slug} kind={kind} document={document} initialContact={contact} onDone={onDone} />;
}

function Form({ slug, kind, document, initialContact, onDone }: { slug: string; kind: "invoice" | "bill"; document: Document | null; initialContact: ContactChoice[]; onDone?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { format } = useMoney();
  const side = kind === "invoice" ? "sales" : "purchases";
  const org = useQuery(trpc.orgs.current.queryOptions());
  const rates = useQuery(trpc.accounting.taxRates.list.queryOptions());
  const accounts = useQuery(trpc.accounting.accounts.list.queryOptions());
  const warehouses = useQuery(trpc.inventory.warehouses.list.queryOptions());
  const settings = useQuery(trpc.accounting.settings.documents.queryOptions());
  const nextKey = useRef(document ? document.lines.length + 1 : 2);
  const [company, setCompany] = useState<CompanyChoice | null>(document?.companyId ? { id: document.companyId, name: document.partyName } : null);
  const [contacts, setContacts] = useState<ContactChoice[]>(initialContact);
  const [issueDate, setIssueDate] = useState(document?.issueDate ?? format.dayKey(new Date()));
  const [dueDate, setDueDate] = useState(document?.dueDate ?? "");
  const [currency, setCurrency] = useState(document?.currency ?? "");
  const [reference, setReference] = useState(document?.reference ?? "");
  const [notes, setNotes] = useState(document?.notes ?? "");
  const [warehouseId, setWarehouseId] = useState(document?.warehouseId ?? "");
  const [lines, setLines] = useState<LineValues[]>(() => (document ? linesOf(document) : [emptyLine(1)]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation(trpc.accounting.documents.create.mutationOptions());
  const update = useMutation(trpc.accounting.documents.update.mutationOptions());
  const pending = create.isPending || update.isPending;
  const formId = useId();

  const queries = [org, rates, accounts, warehouses, settings];
  const failed = queries.find((q) => q.isError);
  if (failed) {
    return (
      <LoadError
        message={`Could not open the form: ${readServerError(failed.error).message}`}
        retrying={queries.some((q) => q.isFetching)}
        onRetry={() => queries.forEach((q) => void q.refetch())}
      />
    );
  }
  if (!org.data || !rates.data || !accounts.data || !warehouses.data || !settings.data) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Opening the form…
      </p>
    );
  }
  const shownCurrency = (currency.trim() || org.data.baseCurrency).toUpperCase();
  const hasStock = lines.some((l) => l.product);
  const clear = (...keys: string[]) =>
    setErrors((e) => {
      const copy = { ...e };
      for (const k of keys) delete copy[k];
      return copy;
    });

  const submit = () => {
    const problems: Record<string, string> = {};
    const payloadLines = lines.map((line, i) => {
      const price = line.unitPrice.trim() ? majorToMinorText(line.unitPrice, shownCurrency) : undefined;
      if (price === null || price?.startsWith("-")) problems[`lines.${i}.unitPrice`] = `Enter the unit price like 12.50 (${shownCurrency}).`;
      return {
        productId: line.product?.id ?? null,
        description: line.description.trim() || null,
        quantity: line.quantity.trim(),
        ...(price ? { unitPrice: price } : {}),
        discountPercent: line.discountPercent.trim().replace(/%$/, "") || "0",
        taxRateIds: line.taxRateIds,
        accountId: side === "purchases" && line.accountId ? line.accountId : null,
      };
    });
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length) return;
    const onError = (error: unknown) => {
      const { shown, rest, message } = splitServerErrors(error, (field) => ((HEADER_FIELDS as readonly string[]).includes(field) || /^lines\.\d+\.\w+$/.test(field) ? field : null));
      setErrors(shown);
      setFormError(rest.length ? rest.join(" ") : Object.keys(shown).length ? "The document has problems: see the marked fields." : message);
    };
    const body = {
      companyId: company?.id ?? null,
      contactId: contacts[0]?.id ?? null,
      issueDate,
      dueDate: dueDate || null,
      ...(currency.trim() ? { currency: currency.trim() } : {}),
      reference: reference.trim() || null,
      notes: notes.trim() || null,
      warehouseId: hasStock && warehouseId ? warehouseId : null,
      lines: payloadLines,
    };
    const saved = async (doc: Document) => {
      queryClient.setQueryData(trpc.accounting.documents.get.queryKey({ id: doc.id }), doc);
      await queryClient.invalidateQueries({ queryKey: trpc.accounting.documents.list.queryKey() });
    };
    if (document) {
      update.mutate(
        { id: document.id, ...body },
        {
          onSuccess: async (doc) => {
            await saved(doc);
            onDone?.();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { kind, ...body },
        {
          onSuccess: async (doc) => {
            await saved(doc);
            router.push(`/t/${slug}/accounting/documents/${doc.id}`);
          },
          onError,
        },
      );
    }
  };

  const partyWord = side === "sales" ? "Customer" : "Supplier";
  return (
    <form
      id={formId}
      noValidate
      aria-label={document ? "Edit the draft" : `New ${kind}`}
      className="flex flex-col gap-5"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <CompanyPicker
          label={`${partyWord} company`}
          value={company}
          error={errors.companyId}
          hint="Or leave it empty and choose a contact."
          onChange={(c) => {
            setCompany(c);
            clear("companyId");
          }}
        />
        <DealContactsPicker
          label="Contact"
          max={1}
          value={contacts}
          error={errors.contactId}
          hint={company ? "Optional: who receives it." : "A person, when there is no company."}
          onChange={(c) => {
            setContacts(c);
            clear("contactId", "companyId");
          }}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-4">
        <TextField label="Issue date" type="date" required value={issueDate} error={errors.issueDate} onChange={(e) => setIssueDate(e.target.value)} />
        <TextField label="Due date" type="date" value={dueDate} error={errors.dueDate} hint="Empty: the payment terms." onChange={(e) => setDueDate(e.target.value)} />
        <TextField label="Currency" value={currency} placeholder={org.data.baseCurrency} maxLength={3} error={errors.currency} hint={`Empty: ${org.data.baseCurrency}.`} onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        <TextField label="Reference" value={reference} maxLength={100} error={errors.reference} hint={side === "sales" ? "The customer's order number, say." : "The supplier's invoice number."} onChange={(e) => setReference(e.target.value)} />
      </div>
      {hasStock && (
        <SelectField label="Warehouse" value={warehouseId} error={errors.warehouseId} hint={side === "sales" ? "Where the stock lines ship from." : "Where the stock lines are received."} onChange={(e) => setWarehouseId(e.target.value)} className="sm:max-w-sm">
          <option value="">The default warehouse</option>
          {warehouses.data.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </SelectField>
      )}
      <DocumentLines
        formId={formId}
        side={side}
        currency={shownCurrency}
        lines={lines}
        rates={rates.data}
        accounts={accounts.data}
        errors={errors}
        onChange={(key, changes) => {
          const index = lines.findIndex((l) => l.key === key);
          setLines((all) => all.map((l) => (l.key === key ? { ...l, ...changes } : l)));
          clear(...Object.keys(changes).map((f) => `lines.${index}.${f === "product" ? "productId" : f}`), `lines.${index}.unitPrice`);
        }}
        onRemove={(key) => {
          setLines((all) => all.filter((l) => l.key !== key));
          setErrors({});
        }}
      />
      <div>
        <Button type="button" variant="secondary" onClick={() => setLines((all) => [...all, emptyLine(nextKey.current++)])}>
          Add a line
        </Button>
      </div>
      <DocumentTotalsPreview lines={lines} rates={rates.data} settings={settings.data} currency={shownCurrency} />
      <TextField label="Notes" value={notes} maxLength={2000} error={errors.notes} hint="Printed on the document." onChange={(e) => setNotes(e.target.value)} />
      {formError && <Alert>{formError}</Alert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        {onDone && (
          <Button type="button" variant="secondary" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" pending={pending}>
          {document ? "Save the draft" : "Save as draft"}
        </Button>
      </div>
    </form>
  );
}
