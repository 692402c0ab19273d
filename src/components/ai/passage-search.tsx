"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { TableSkeleton } from "@/components/records/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { passageLink } from "./links";
import { emphasise, excerptAround, queryTerms } from "./text";

/** Where a passage sits in its document: its heading and page, when known. */
export function passagePlace(passage: { heading: string | null; page: number | null }): string | null {
  const parts = [passage.heading, passage.page !== null ? `page ${passage.page}` : null].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

/** Text with the query's words in <mark>. */
export function Emphasised({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {emphasise(text, terms).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded bg-amber-100 px-0.5 text-ink">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** Search the library (ai.search, hybrid): the best passages with their document, place and an excerpt around the words asked. */
export function PassageSearch({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const inputId = useId();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const search = useQuery(trpc.ai.search.queryOptions({ query, k: 10 }, { enabled: query.length > 0, staleTime: 30_000 }));
  const terms = queryTerms(query);

  return (
    <section aria-labelledby="ai-search-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id="ai-search-heading" className="text-base font-semibold text-ink">
        Search the documents
      </h2>
      <form
        role="search"
        aria-label="Search the documents"
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(draft.trim());
        }}
      >
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <label htmlFor={inputId} className="text-sm font-medium text-ink">
            What are you looking for?
          </label>
          <input
            id={inputId}
            type="search"
            value={draft}
            maxLength={2_000}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="e.g. refund policy for damaged goods"
            className="w-full min-w-0 rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-faint focus:border-brand-500"
          />
        </div>
        <Button type="submit" pending={search.isFetching} disabled={!draft.trim()}>
          Search
        </Button>
      </form>

      {query && (
        <div aria-live="polite" aria-busy={search.isPending || undefined} className="flex flex-col gap-3">
          {search.isPending ? (
            <>
              <span className="sr-only">Searching…</span>
              <TableSkeleton rows={3} />
            </>
          ) : search.isError ? (
            <Alert>Could not search: {readServerError(search.error).message}</Alert>
          ) : search.data.passages.length === 0 ? (
            <EmptyState title="No passage matches.">Try other words, or check that the documents you expect are ready.</EmptyState>
          ) : (
            <>
              {search.data.lexicalOnly && search.data.notice && (
                <p className="text-xs text-amber-900">Matched by words only: {search.data.notice}</p>
              )}
              <ol aria-label={`Passages for “${query}”`} className="flex flex-col divide-y divide-gray-100">
                {search.data.passages.map((passage) => {
                  const place = passagePlace(passage);
                  return (
                    <li key={passage.chunkId} className="flex flex-col gap-1 py-3 first:pt-0">
                      <p className="text-sm">
                        <Link href={passageLink(slug, passage)} className="font-medium text-brand-700 hover:underline">
                          {passage.documentTitle}
                        </Link>
                        {place && <span className="text-ink-muted"> · {place}</span>}
                      </p>
                      <p className="text-sm text-ink-muted">
                        <Emphasised text={excerptAround(passage.text, terms)} terms={terms} />
                      </p>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}
