"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { recordHref } from "../activities/activity-kinds";
import { MERGE_ENTITY_LABEL, type MergeEntity, type MergePreview, type MergeResult, type UndoResult } from "./duplicate-parts";
import { useCustomFields, useMembers } from "../shared/hooks";
import { MergeFieldTable, MergeMoves, MergeTagsAndChannels } from "./merge-preview";
import { UndoMergeButton, UndoOutcome, useInvalidateAfterMerge } from "./merge-history";

/*
 * /t/[slug]/crm/duplicates/merge?entity=contact&a=…&b=…: both records side by side, the
 * record to keep, the winning value of each field (the server's defaults preselected:
 * the kept record's value unless it is empty), what moves, then the merge, which can be
 * undone for 30 days.
 */

const DAY_MS = 24 * 3600 * 1000;

function errorCode(error: unknown): string | undefined {
  return (error as { data?: { code?: string } } | null)?.data?.code;
}

function Breadcrumb({ slug, entity }: { slug: string; entity: MergeEntity }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex min-w-0 items-center gap-1.5 text-ink-muted">
        <li>
          <Link href={`/t/${slug}/crm/duplicates?entity=${entity}`} className="hover:text-ink hover:underline">
            Duplicates
          </Link>
        </li>
        <li aria-hidden>/</li>
        <li className="font-medium text-ink" aria-current="page">
          Merge {MERGE_ENTITY_LABEL[entity].many}
        </li>
      </ol>
    </nav>
  );
}

/** Which of the two records stays: two cards, one radio group. */
function KeepChoice({ preview, ids, keepId, onChange, slug, disabled }: { preview: MergePreview; ids: [string, string]; keepId: string; onChange: (id: string) => void; slug: string; disabled: boolean }) {
  const name = useId();
  const entity = preview.entityType;
  const labels = MERGE_ENTITY_LABEL[entity];
  const nameOf = (id: string) => (id === preview.winner.id ? preview.winner.name : preview.loser.name) || `Unnamed ${labels.one}`;
  return (
    <fieldset disabled={disabled} className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium text-ink">Which {labels.one} stays?</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {ids.map((id, index) => {
          const kept = id === keepId;
          return (
            <label
              key={id}
              className={clsx(
                "flex cursor-pointer gap-3 rounded-card border p-4 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500",
                kept ? "border-brand-500 bg-brand-50" : "border-gray-200 bg-white hover:bg-surface-muted",
              )}
            >
              <input type="radio" name={name} checked={kept} onChange={() => onChange(id)} className="mt-1 accent-brand-600" />
              <span className="min-w-0">
                <span className="block text-xs font-medium uppercase tracking-wide text-ink-faint">{index === 0 ? "Record A" : "Record B"}</span>
                <span className="block break-words font-medium text-ink">{nameOf(id)}</span>
                <span className={clsx("mt-1 block text-xs", kept ? "text-brand-800" : "text-ink-muted")}>
                  {kept ? "Stays, with the values chosen below." : `Merged into the other ${labels.one}, then hidden (not deleted).`}
                </span>
                <Link href={recordHref(slug, { entityType: entity, id })} className="mt-1 inline-block text-xs font-medium text-brand-700 hover:underline" target="_blank">
                  Open in a new tab
                </Link>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

function MergeDone({ result, preview, slug }: { result: MergeResult; preview: MergePreview; slug: string }) {
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const entity = result.entityType;
  const labels = MERGE_ENTITY_LABEL[entity];
  const moved = result.moved;
  const parts =
    entity === "contact"
      ? [
          [moved.activities, "activity", "activities"],
          [moved.dealLinks, "deal", "deals"],
          [moved.channels, "email or phone", "emails and phones"],
          [moved.followers, "follower", "followers"],
        ]
      : [
          [moved.contacts, "contact", "contacts"],
          [moved.deals, "deal", "deals"],
          [moved.activities, "activity", "activities"],
          [moved.followers, "follower", "followers"],
        ];
  const movedText = (parts as [number, string, string][]).filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return (
    <>
      <h1 className="text-2xl font-semibold text-ink">{undone ? "Merge undone" : "Merged"}</h1>
      <section className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm" aria-live="polite">
        {undone ? (
          <UndoOutcome result={undone} entity={entity} keptName={preview.winner.name} mergedName={preview.loser.name} />
        ) : (
          <Alert tone="success">
            <strong className="font-medium">{preview.loser.name}</strong> was merged into <strong className="font-medium">{preview.winner.name}</strong>.{" "}
            {movedText.length ? `Moved over: ${movedText.join(", ")}.` : "Nothing else was attached to it."}
          </Alert>
        )}
        <div className="flex flex-wrap gap-2">
          <ButtonLink href={recordHref(slug, { entityType: entity, id: result.winnerId })}>Open {preview.winner.name}</ButtonLink>
          {undone && (
            <ButtonLink href={recordHref(slug, { entityType: entity, id: result.loserId })} variant="secondary">
              Open {preview.loser.name}
            </ButtonLink>
          )}
          <ButtonLink href={`/t/${slug}/crm/duplicates?entity=${entity}`} variant="secondary">
            More duplicates
          </ButtonLink>
        </div>
        {!undone && (
          <div className="flex flex-col gap-2 border-t border-gray-100 pt-4">
            <p className="text-sm text-ink-muted">Merged the wrong {labels.many}? You can undo this merge for 30 days, here or from the {labels.one}’s page.</p>
            <UndoMergeButton
              mergeId={result.mergeId}
              entity={entity}
              keptName={preview.winner.name}
              mergedName={preview.loser.name}
              until={new Date(result.mergedAt.getTime() + 30 * DAY_MS)}
              onUndone={setUndone}
            />
          </div>
        )}
      </section>
    </>
  );
}

export function MergeFlow({ slug, entity, a, b, role }: { slug: string; entity: MergeEntity; a: string; b: string; role: MemberRole }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAfterMerge();
  const canMerge = roleAtLeast(role, CRM.edit);
  const labels = MERGE_ENTITY_LABEL[entity];
  const [keepId, setKeepId] = useState(a);
  /** Field key → the id of the record whose value the user picked (survives swapping which record stays). */
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ merge: MergeResult; preview: MergePreview } | null>(null);
  const fields = useCustomFields(entity);
  const members = useMembers();
  const winnerId = keepId;
  const loserId = keepId === a ? b : a;
  const preview = useQuery(trpc.crm.duplicates.preview.queryOptions({ entityType: entity, winnerId, loserId }, { placeholderData: keepPreviousData, retry: false, enabled: !result }));
  const merge = useMutation(trpc.crm.duplicates.merge.mutationOptions());

  if (result) {
    return (
      <div className="flex flex-col gap-6">
        <Breadcrumb slug={slug} entity={entity} />
        <MergeDone result={result.merge} preview={result.preview} slug={slug} />
      </div>
    );
  }

  const header = (
    <div className="flex flex-col gap-3">
      <Breadcrumb slug={slug} entity={entity} />
      <div className="max-w-3xl">
        <h1 className="text-2xl font-semibold text-ink">Merge two {labels.many}</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Choose the {labels.one} that stays and, for each field where they differ, the value it keeps. Everything attached to the other {labels.one} moves over;
          the other one is hidden, not deleted, and the merge can be undone for 30 days.
        </p>
      </div>
    </div>
  );

  if (preview.isPending) {
    return (
      <div className="flex flex-col gap-6">
        {header}
        <div className="flex flex-col gap-4" aria-busy="true">
          <span className="sr-only" role="status">
            Comparing the two {labels.many}…
          </span>
          <div className="h-28 animate-pulse rounded-card bg-surface-sunken" aria-hidden />
          <div className="h-80 animate-pulse rounded-card bg-surface-sunken" aria-hidden />
        </div>
      </div>
    );
  }
  if (!preview.data) {
    const code = errorCode(preview.error);
    return (
      <div className="flex flex-col gap-6">
        {header}
        {code === "NOT_FOUND" || code === "CONFLICT" || code === "BAD_REQUEST" ? (
          <section className="flex flex-col items-start gap-4 rounded-card border border-gray-200 bg-white p-6 shadow-sm">
            <div>
              <h2 className="text-lg font-semibold text-ink">These {labels.many} cannot be merged</h2>
              <p className="mt-1 text-sm text-ink-muted">{readServerError(preview.error).message}</p>
            </div>
            <ButtonLink href={`/t/${slug}/crm/duplicates?entity=${entity}`} variant="secondary">
              Back to duplicates
            </ButtonLink>
          </section>
        ) : (
          <LoadError message={`Could not compare the ${labels.many}: ${readServerError(preview.error).message}`} retrying={preview.isFetching} onRetry={() => void preview.refetch()} />
        )}
      </div>
    );
  }

  const data = preview.data;
  const chosenId = (key: string, defaultSide: "winner" | "loser") => picked[key] ?? (defaultSide === "winner" ? data.winner.id : data.loser.id);
  const choices = Object.fromEntries(data.fields.map((f) => [f.key, chosenId(f.key, f.defaultSide) === data.winner.id ? ("winner" as const) : ("loser" as const)]));
  const busy = preview.isPlaceholderData || merge.isPending;

  const confirm = async () => {
    try {
      const done = await merge.mutateAsync({ entityType: entity, winnerId: data.winner.id, loserId: data.loser.id, choices });
      setConfirming(false);
      setResult({ merge: done, preview: data });
      await invalidate();
    } catch {
      setConfirming(false);
    }
  };

  return (
    <div className="flex flex-col gap-6">
      {header}
      {preview.isError && <Alert>Could not refresh the comparison: {readServerError(preview.error).message}</Alert>}

      <KeepChoice preview={data} ids={[a, b]} keepId={keepId} onChange={setKeepId} slug={slug} disabled={merge.isPending} />

      <div className={clsx("flex flex-col gap-6 transition-opacity", preview.isPlaceholderData && "opacity-60")} aria-busy={preview.isPlaceholderData || undefined}>
        <MergeFieldTable
          preview={data}
          ids={[a, b]}
          chosenId={chosenId}
          onPick={(key, id) => setPicked({ ...picked, [key]: id })}
          fieldDefs={fields.data ?? []}
          members={members.data ?? []}
          disabled={busy}
        />
        <MergeTagsAndChannels preview={data} />
        <MergeMoves preview={data} />
      </div>

      {merge.isError && <Alert>Could not merge: {readServerError(merge.error).message}</Alert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-between">
        <ButtonLink href={`/t/${slug}/crm/duplicates?entity=${entity}`} variant="ghost">
          Cancel
        </ButtonLink>
        {canMerge ? (
          <Button type="button" onClick={() => setConfirming(true)} disabled={busy}>
            Merge into {data.winner.name || `the kept ${labels.one}`}
          </Button>
        ) : (
          <p className="text-sm text-ink-muted">Viewers can compare records but not merge them.</p>
        )}
      </div>

      <ConfirmDialog
        open={confirming}
        title={`Merge these ${labels.many}?`}
        confirmLabel="Merge"
        tone="primary"
        pending={merge.isPending}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <strong className="font-medium text-ink">{data.loser.name}</strong> will be merged into <strong className="font-medium text-ink">{data.winner.name}</strong>{" "}
          with the values you chose, and then hidden from lists and search. Its {entity === "contact" ? "activities, deals, emails and phones" : "contacts, deals and activities"} move
          over.
        </p>
        <p className="mt-2">You can undo the merge for 30 days from either record’s page. The merge is recorded in the audit log.</p>
      </ConfirmDialog>
    </div>
  );
}
