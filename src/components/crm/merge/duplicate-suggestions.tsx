"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { useViewer } from "../activities/activity-viewer";
import { MERGE_ENTITY_LABEL, mergeHref, ReasonList, RecordSummary, ScoreBadge, type DuplicateSuggestion, type MergeEntity } from "./duplicate-parts";

/**
 * "Possible duplicates" panel of a contact or company page: records that look like this
 * one (same phone, similar name at the same company;
 * companies: same domain or the same or a very similar name), most likely first, each with a link
 * to compare the two and merge them.
 */
export function DuplicateSuggestions({ entityType, id }: { entityType: MergeEntity; id: string }) {
  const trpc = useTRPC();
  const { slug, canWrite } = useViewer();
  const headingId = useId();
  const contactQuery = useQuery(trpc.crm.duplicates.forContact.queryOptions({ id }, { enabled: entityType === "contact" }));
  const companyQuery = useQuery(trpc.crm.duplicates.forCompany.queryOptions({ id }, { enabled: entityType === "company" }));
  const query = entityType === "contact" ? contactQuery : companyQuery;
  const suggestions: DuplicateSuggestion[] = query.data ?? [];
  const labels = MERGE_ENTITY_LABEL[entityType];

  return (
    <section aria-labelledby={headingId} className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold text-ink">
          Possible duplicates
        </h2>
        {suggestions.length > 0 && <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">{suggestions.length}</span>}
      </div>
      {query.isPending ? (
        <div className="mt-3 flex flex-col gap-2" aria-busy="true">
          <span className="sr-only" role="status">
            Looking for duplicates…
          </span>
          <div className="h-12 animate-pulse rounded-lg bg-surface-sunken" aria-hidden />
        </div>
      ) : query.isError && !query.data ? (
        <div className="mt-3">
          <LoadError message={`Could not look for duplicates: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />
        </div>
      ) : suggestions.length === 0 ? (
        <p className="mt-2 text-sm text-ink-muted">No {labels.many} look like this one.</p>
      ) : (
        <ul className="mt-3 flex flex-col divide-y divide-gray-100">
          {suggestions.map((suggestion) => (
            <li key={suggestion.record.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
              <div className="flex items-start justify-between gap-2">
                <RecordSummary record={suggestion.record} entity={entityType} slug={slug} />
                <ScoreBadge score={suggestion.score} />
              </div>
              <ReasonList reasons={suggestion.reasons} />
              <Link href={mergeHref(slug, entityType, id, suggestion.record.id)} className="self-start text-sm font-medium text-brand-700 hover:underline">
                {canWrite ? "Compare and merge" : "Compare"}
                <span className="sr-only"> with {suggestion.record.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
