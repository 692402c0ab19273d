"use client";

import { useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { ImportMapping } from "./import-mapping";
import { IMPORT_ENTITY_LABEL, isImportActive } from "./import-parts";
import { ImportProgressView } from "./import-progress";

const POLL_MS = 1_500;

/**
 * /t/[slug]/crm/imports/[id]: a draft shows the mapping and preview steps (to its
 * uploader and admins); a started import shows its progress, refreshed every 1.5 s while
 * it runs, and then its report.
 */
export function ImportPage({ slug, id, userId, role }: { slug: string; id: string; userId: string; role: MemberRole }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.crm.imports.get.queryOptions(
      { id },
      {
        retry: false,
        refetchInterval: (q) => (q.state.data && isImportActive(q.state.data.state) ? POLL_MS : false),
        // Polling keeps going in a background tab: the import's end should be there on return.
        refetchIntervalInBackground: true,
      },
    ),
  );

  if (query.isPending) {
    return (
      <div className="flex flex-col gap-6" aria-busy="true">
        <span className="sr-only" role="status">
          Loading the import…
        </span>
        <div className="h-8 w-64 animate-pulse rounded bg-surface-sunken" />
        <div className="h-64 animate-pulse rounded-card bg-surface-sunken" />
      </div>
    );
  }
  const item = query.data;
  if (!item) {
    const code = (query.error as { data?: { code?: string } }).data?.code;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") {
      return (
        <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
          <div>
            <h1 className="text-lg font-semibold text-ink">This import is not available</h1>
            <p className="mt-1 text-sm text-ink-muted">{code === "NOT_FOUND" ? readServerError(query.error).message : "The address does not point to an import."}</p>
          </div>
          <ButtonLink href={`/t/${slug}/crm/imports`} variant="secondary">
            Back to the import history
          </ButtonLink>
        </section>
      );
    }
    return <LoadError message={`Could not load the import: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  }

  const canManage = item.createdBy?.id === userId || roleAtLeast(role, "admin");
  if (item.state === "draft") {
    if (item.draft && roleAtLeast(role, "member")) return <ImportMapping key={item.id} item={item} draft={item.draft} slug={slug} />;
    return (
      <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h1 className="text-lg font-semibold text-ink">This import has not been started</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {item.createdBy?.name ?? "Someone"} uploaded <span className="font-medium text-ink">{item.fileName}</span> ({IMPORT_ENTITY_LABEL[item.entityType].many}) but has
            not mapped its columns yet. Only they or an admin can continue it.
          </p>
        </div>
        <ButtonLink href={`/t/${slug}/crm/imports`} variant="secondary">
          Back to the import history
        </ButtonLink>
      </section>
    );
  }
  return (
    <>
      {query.isError && <Alert>Could not refresh the progress: {readServerError(query.error).message}</Alert>}
      <ImportProgressView item={item} slug={slug} canManage={canManage && roleAtLeast(role, "member")} />
    </>
  );
}
