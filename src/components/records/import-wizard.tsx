"use client";

import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { isImportActive } from "./import-format";
import { ImportMappingStep } from "./import-mapping";
import { ImportProgressView } from "./import-progress";
import { ImportUploadStep } from "./import-upload";
import type { ImportConfig, ImportViewer } from "./import-types";

const POLL_MS = 1_500;

type ImportWizardProps<E extends string> = { config: ImportConfig<E>; slug: string } & (
  | { step: "upload"; tenantId: string; initialEntity: E }
  | { step: "import"; importId: string; viewer: ImportViewer }
);

/**
 * A CSV import from upload to report, configured by a module: step "upload" is the
 * upload page; step "import" is one import's page, where a draft shows the mapping and
 * preview (to its uploader and those who manage all imports) and a started import its
 * progress, refreshed every 1.5 s while it runs, and then its report.
 */
export function ImportWizard<E extends string>(props: ImportWizardProps<E>) {
  if (props.step === "upload") return <ImportUploadStep config={props.config} tenantId={props.tenantId} slug={props.slug} initialEntity={props.initialEntity} />;
  return <ImportPage config={props.config} slug={props.slug} id={props.importId} viewer={props.viewer} />;
}

function ImportPage<E extends string>({ config, slug, id, viewer }: { config: ImportConfig<E>; slug: string; id: string; viewer: ImportViewer }) {
  const query = config.api.useImport(id, {
    retry: false,
    poll: (item) => (item && isImportActive(item.state) ? POLL_MS : false),
    // Polling keeps going in a background tab: the import's end should be there on return.
    refetchIntervalInBackground: true,
  });

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
          <ButtonLink href={config.importsHref(slug)} variant="secondary">
            Back to the import history
          </ButtonLink>
        </section>
      );
    }
    return <LoadError message={`Could not load the import: ${readServerError(query.error).message}`} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  }

  const canManage = item.createdBy?.id === viewer.userId || viewer.canManageAll;
  if (item.state === "draft") {
    if (item.draft && viewer.canImport) return <ImportMappingStep key={item.id} config={config} item={item} draft={item.draft} slug={slug} canCreateFields={viewer.canCreateFields ?? false} />;
    return (
      <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h1 className="text-lg font-semibold text-ink">This import has not been started</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {item.createdBy?.name ?? "Someone"} uploaded <span className="font-medium text-ink">{item.fileName}</span> ({config.entities[item.entityType].many}) but has
            not mapped its columns yet. Only they or an admin can continue it.
          </p>
        </div>
        <ButtonLink href={config.importsHref(slug)} variant="secondary">
          Back to the import history
        </ButtonLink>
      </section>
    );
  }
  return (
    <>
      {query.isError && <Alert>Could not refresh the progress: {readServerError(query.error).message}</Alert>}
      <ImportProgressView config={config} item={item} slug={slug} canManage={canManage && viewer.canImport} />
    </>
  );
}
