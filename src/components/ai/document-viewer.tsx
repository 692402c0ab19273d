"use client";

import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { useFormat } from "@/components/format/format-provider";
import { formatBytes } from "@/components/records/import-format";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { DocumentStatus } from "./document-list";
import { fileTypeLabel } from "./files";
import { useTenantId } from "@/components/shell/tenant-context";
import { aiHref, documentFileHref } from "./links";
import { passageRange, splitAtRange } from "./text";

/** A missing (or deleted) document, or an address that names none. */
function isMissing(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const code = (error.data as { code?: string } | undefined)?.code;
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}

export function DocumentNotFound({ slug }: { slug: string }) {
  return (
    <section className="flex flex-col items-start gap-3 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-ink">Document not found</h1>
      <p className="text-sm text-ink-muted">It may have been deleted, or the link is incomplete. An answer that cited it keeps its text, not the document.</p>
      <Link href={aiHref(slug)} className="text-sm font-medium text-brand-700 hover:underline">
        Back to the documents
      </Link>
    </section>
  );
}

function ViewerSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true">
      <span className="sr-only" role="status">
        Loading the document…
      </span>
      <div className="h-8 w-80 animate-pulse rounded bg-surface-sunken" />
      <div className="h-96 animate-pulse rounded-card bg-surface-sunken" />
    </div>
  );
}

/**
 * /t/[slug]/ai/documents/[id]: the document's extracted text, the text passages' offsets
 * point into. `?from=&to=` (a citation's passage) is marked and scrolled into view.
 */
export function DocumentViewer({ slug, id }: { slug: string; id: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const tenantId = useTenantId();
  const searchParams = useSearchParams();
  const range = passageRange(searchParams.get("from"), searchParams.get("to"));
  const markRef = useRef<HTMLElement>(null);
  const view = useQuery(
    trpc.ai.documents.text.queryOptions(
      { id },
      { retry: (count, error) => !isMissing(error) && count < 2, refetchInterval: (query) => (query.state.data?.document.status === "processing" ? 2_000 : false) },
    ),
  );
  const text = view.data?.text ?? null;
  const parts = text !== null && range ? splitAtRange(text, range) : null;

  useEffect(() => {
    markRef.current?.scrollIntoView({ block: "center" });
  }, [parts?.marked, range?.from]);

  if (view.isPending) return <ViewerSkeleton />;
  if (view.isError) {
    if (isMissing(view.error)) return <DocumentNotFound slug={slug} />;
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold text-ink">Document</h1>
        <LoadError message={`Could not load the document: ${readServerError(view.error).message}`} retrying={view.isFetching} onRetry={() => void view.refetch()} />
      </div>
    );
  }

  const { document } = view.data;
  return (
    <article aria-labelledby="document-title" className="flex flex-col gap-5">
      <header className="flex flex-col gap-2">
        <Link href={aiHref(slug)} className="text-sm font-medium text-brand-700 hover:underline">
          ← Documents
        </Link>
        <h1 id="document-title" className="text-2xl font-semibold text-ink">
          {document.title}
        </h1>
        <div className="flex flex-wrap items-start gap-x-4 gap-y-2 text-sm text-ink-muted">
          <DocumentStatus document={document} />
          <span>
            {document.fileName} · {fileTypeLabel(document.fileType)} · {formatBytes(document.byteSize)}
          </span>
          <span>
            Uploaded <time dateTime={new Date(document.createdAt).toISOString()}>{format.date(document.createdAt)}</time>
          </span>
          {document.status === "ready" && <span>{format.number(document.chunkCount)} passages</span>}
          {tenantId && (
            <a href={documentFileHref(tenantId, document.id)} className="font-medium text-brand-700 hover:underline">
              Download the original file
            </a>
          )}
        </div>
      </header>

      {range && text !== null && !parts && (
        <p role="status" className="text-sm text-amber-900">
          The cited passage is no longer in this document (it was processed again since). The whole text is below.
        </p>
      )}

      <section aria-label="Extracted text" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        {text === null ? (
          <p className="text-sm text-ink-muted">
            {document.status === "failed" ? "No text could be read from this file." : "The text appears here once the document is processed."}
          </p>
        ) : (
          <div className="whitespace-pre-wrap break-words text-sm leading-relaxed text-ink">
            {parts ? (
              <>
                {parts.before}
                <mark ref={markRef} className="scroll-my-24 rounded bg-amber-100 text-ink ring-2 ring-amber-300">
                  {parts.marked}
                </mark>
                {parts.after}
              </>
            ) : (
              text
            )}
          </div>
        )}
      </section>
    </article>
  );
}
