"use client";

import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { AI } from "@/server/modules/ai/permissions";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { ModelStatus, ModelStatusSkeleton, useAiStatus } from "./ai-status";
import { DocumentList } from "./document-list";
import { chatHref } from "./links";
import { PassageSearch } from "./passage-search";
import { AiPlanGate } from "./plan-notices";
import { UploadArea } from "./upload-area";

/**
 * /t/[slug]/ai: the document library. The header says how answers are made (a language
 * model, or extracted passages) and how passages are found (by meaning, or by words only);
 * a plan without the assistant gets the way to Settings → Billing and no upload or search.
 */
export function DocumentLibrary({ slug, role, userId }: { slug: string; role: MemberRole; userId: string }) {
  const status = useAiStatus();
  const enabled = status.data?.enabled ?? false;
  const canUpload = enabled && roleAtLeast(role, AI.upload);

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-2">
          <h1 className="text-2xl font-semibold text-ink">Documents</h1>
          <p className="max-w-2xl text-sm text-ink-muted">The assistant answers from these documents and from your records, and cites the passage it used.</p>
          <div aria-live="polite" aria-busy={status.isPending || undefined}>
            {status.isPending ? (
              <ModelStatusSkeleton />
            ) : status.isError ? (
              <Alert>Could not read the assistant&apos;s status: {readServerError(status.error).message}</Alert>
            ) : (
              <ModelStatus status={status.data} />
            )}
          </div>
        </div>
        {enabled && (
          <ButtonLink href={chatHref(slug)} className="shrink-0">
            Ask a question
          </ButtonLink>
        )}
      </header>

      {status.data && !status.data.enabled && <AiPlanGate slug={slug} role={role} planLabel={status.data.planLabel} />}
      {canUpload && status.data && <UploadArea slug={slug} role={role} maxBytes={status.data.maxDocumentBytes} />}
      {enabled && <PassageSearch slug={slug} />}
      <DocumentList slug={slug} role={role} userId={userId} canUpload={canUpload} />
    </div>
  );
}
