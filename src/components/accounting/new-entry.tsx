"use client";

import { Section } from "@/components/inventory/parts";
import { ButtonLink } from "@/components/ui/button";
import { EntryForm } from "./entry-form";

/** /t/[slug]/accounting/entries/new: a draft's form; viewers get an explanation instead. */
export function NewEntry({ slug, canDraft }: { slug: string; canDraft: boolean }) {
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold text-ink">New journal entry</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Each line takes a debit or a credit in the account&apos;s currency; the debits and credits of each currency must be equal for the entry to be posted. It is saved as a draft first.
        </p>
      </div>
      {canDraft ? (
        <Section id="new-entry-heading" title="Entry">
          <EntryForm slug={slug} entry={null} />
        </Section>
      ) : (
        <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
          <p className="font-medium text-ink">Viewers cannot write journal entries.</p>
          <p className="text-sm text-ink-muted">You can read the journal and the reports. Ask an owner or admin to make you a member if you need to draft entries.</p>
          <ButtonLink href={`/t/${slug}/accounting`} variant="secondary">
            Back to the journal
          </ButtonLink>
        </section>
      )}
    </div>
  );
}
