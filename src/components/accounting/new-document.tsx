"use client";

import { Section } from "@/components/inventory/parts";
import { ButtonLink } from "@/components/ui/button";
import { DocumentForm } from "./document-form";

/** /t/[slug]/accounting/invoices/new and /bills/new: a draft's form; viewers get an explanation instead. */
export function NewDocument({ slug, kind, canDraft }: { slug: string; kind: "invoice" | "bill"; canDraft: boolean }) {
  const noun = kind === "invoice" ? "invoice" : "bill";
  const back = `/t/${slug}/accounting/${kind === "invoice" ? "invoices" : "bills"}`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">New {noun}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          {kind === "invoice"
            ? "It is saved as a draft first (a draft holds its stock); sending it numbers it and posts it to the journal."
            : "It is saved as a draft first; posting it numbers it, books it to the journal and receives its stock."}
        </p>
      </div>
      {canDraft ? (
        <Section id="new-document-heading" title={kind === "invoice" ? "Invoice" : "Bill"}>
          <DocumentForm slug={slug} kind={kind} document={null} />
        </Section>
      ) : (
        <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
          <p className="font-medium text-ink">Viewers cannot write {noun}s.</p>
          <p className="text-sm text-ink-muted">You can read them and the reports. Ask an owner or admin to make you a member if you need to draft {noun}s.</p>
          <ButtonLink href={back} variant="secondary">
            Back to the {noun}s
          </ButtonLink>
        </section>
      )}
    </div>
  );
}
