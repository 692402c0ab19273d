"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/client";

/*
 * While a contact or company is being created: a polite note naming the existing records
 * it looks like, each linked, so the user can open that one instead of adding a duplicate.
 */

export type DuplicateDraft =
  | { entityType: "contact"; firstName: string; lastName: string; companyId: string | null; phones: string[] }
  | { entityType: "company"; name: string; domain: string };

const DEBOUNCE_MS = 400;

function useDebounced<T>(value: T): T {
  const [debounced, setDebounced] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(JSON.parse(key) as T), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return debounced;
}

/** Worth asking about: some name, a domain or a phone. */
function checkable(draft: DuplicateDraft): boolean {
  if (draft.entityType === "company") return draft.name.trim().length >= 3 || draft.domain.trim().length >= 4;
  return `${draft.firstName}${draft.lastName}`.trim().length >= 3 || draft.phones.some((p) => p.replace(/\D/g, "").length >= 6);
}

export function DuplicateWarning({ slug, draft }: { slug: string; draft: DuplicateDraft }) {
  const trpc = useTRPC();
  const input = useDebounced(draft);
  const query = useQuery({ ...trpc.crm.duplicates.forDraft.queryOptions(input), enabled: checkable(input), placeholderData: keepPreviousData });
  const matches = checkable(input) ? (query.data?.matches ?? []) : [];
  const noun = draft.entityType === "contact" ? "contact" : "company";
  const path = draft.entityType === "contact" ? "contacts" : "companies";
  return (
    <div role="status" aria-live="polite" className={matches.length ? "rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-ink" : "sr-only"}>
      {matches.length > 0 && (
        <>
          <p className="font-medium">
            {matches.length === 1 ? `A ${noun} like this may already exist:` : `${matches.length} ${noun === "contact" ? "contacts" : "companies"} like this may already exist:`}
          </p>
          <ul className="mt-1 list-disc pl-5">
            {matches.map(({ record, reasons }) => (
              <li key={record.id}>
                <Link href={`/t/${slug}/crm/${path}/${record.id}`} className="font-medium text-brand-700 underline">
                  {record.name}
                </Link>{" "}
                <span className="text-ink-muted">({reasons.join("; ")})</span>
              </li>
            ))}
          </ul>
          <p className="mt-1 text-ink-muted">Open it to update it instead, or go on if this is someone else.</p>
        </>
      )}
    </div>
  );
}
