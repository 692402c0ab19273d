"use client";

import { ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { DealForm, type DealFormDefaults } from "./deal-form";
import { useDealFormData } from "./deal-hooks";
import { DealBreadcrumb } from "./deal-parts";

/** /t/[slug]/crm/deals/new: the create form, prefilled from the link (company, contact, pipeline, stage). */
export function DealNew({ slug, userId, canCreate, defaults }: { slug: string; userId: string; canCreate: boolean; defaults: DealFormDefaults }) {
  const base = `/t/${slug}/crm`;
  const data = useDealFormData();
  return (
    <div className="flex flex-col gap-6">
      <DealBreadcrumb base={base} current="New deal" />
      <div>
        <h1 className="text-2xl font-semibold text-ink">New deal</h1>
        <p className="mt-1 text-sm text-ink-muted">An opportunity to sell: what it is worth, who it is with and where it stands.</p>
      </div>
      {!canCreate ? (
        <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
          <p className="font-medium text-ink">Only members, admins and owners can create deals.</p>
          <p className="text-sm text-ink-muted">You have read-only access. Ask an admin if you need to add deals.</p>
          <ButtonLink href={`${base}/deals`} variant="secondary">
            Back to deals
          </ButtonLink>
        </section>
      ) : data.ready ? (
        <DealForm
          slug={slug}
          fields={data.fields}
          members={data.members}
          pipelines={data.pipelines}
          currency={data.currency}
          userId={userId}
          deal={null}
          defaults={defaults}
          onCancel={() => window.history.back()}
        />
      ) : data.error ? (
        <LoadError message={`Could not open the form: ${readServerError(data.error).message}`} retrying={data.retrying} onRetry={data.retry} />
      ) : (
        <>
          <p role="status" className="sr-only">
            Opening the form…
          </p>
          <div className="flex flex-col gap-5" aria-hidden>
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-48 animate-pulse rounded-card bg-surface-sunken" />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
