"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { recordHref } from "../activities/activity-kinds";
import { useViewer } from "../activities/activity-viewer";
import { MERGE_ENTITY_LABEL, type MergeEntity, type UndoResult } from "./duplicate-parts";
import { useCustomFields } from "../shared/hooks";
import { useFormat } from "@/components/format/format-provider";

/*
 * Undoing a merge (within 30 days) and the recent merges of a record. Undo brings the
 * merged-away record back with its own values, moves back what the merge moved, and
 * returns the kept record's fields to their earlier values unless they were edited since.
 */

/** Field keys of the merge (as the server names them) → words. Custom fields come from their definitions. */
const FIELD_LABEL: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  title: "Title",
  companyId: "Company",
  ownerId: "Owner",
  lifecycleStage: "Lifecycle stage",
  source: "Source",
  notes: "Notes",
  name: "Name",
  domain: "Domain",
  industry: "Industry",
  size: "Size",
  addressLine: "Address",
  city: "City",
  region: "Region",
  postalCode: "Postal code",
  country: "Country",
};

/** What undo restores, said before the click. */
export function UndoExplanation({ entity, keptName, mergedName, until }: { entity: MergeEntity; keptName: string; mergedName: string; until: Date }) {
  const format = useFormat();
  const labels = MERGE_ENTITY_LABEL[entity];
  return (
    <div className="flex flex-col gap-2">
      <p>Undoing the merge:</p>
      <ul className="list-disc pl-5">
        <li>
          brings <strong className="font-medium text-ink">{mergedName}</strong> back as a separate {labels.one} with the values it had before the merge
          {entity === "contact" ? ", including its emails and phones" : ""};
        </li>
        <li>
          moves back to it what the merge moved to <strong className="font-medium text-ink">{keptName}</strong>:{" "}
          {entity === "contact" ? "its activities and its place on deals" : "its contacts, deals and activities"};
        </li>
        <li>returns {keptName}’s fields to their values before the merge, except fields someone has edited since: those keep the newer value;</li>
        <li>leaves on {keptName} everything added to it after the merge.</li>
      </ul>
      <p>The undo is recorded in the audit log. It is possible until {format.date(until)}.</p>
    </div>
  );
}

/** Everything a merge or its undo changes: records, lists, suggestions, timelines. */
export function useInvalidateAfterMerge() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      // Not the merge preview: the pair on screen cannot be merged again, and asking would only fail.
      queryClient.invalidateQueries(trpc.crm.duplicates.forContact.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.duplicates.forCompany.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.duplicates.list.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.duplicates.merges.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.contacts.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.companies.pathFilter()),
      queryClient.invalidateQueries(trpc.crm.activities.pathFilter()),
    ]);
}

/** What the undo did, in words: the fields that kept later edits and emails that could not come back. */
export function UndoOutcome({ result, entity, keptName, mergedName }: { result: UndoResult; entity: MergeEntity; keptName: string; mergedName: string }) {
  const fields = useCustomFields(entity);
  const { slug } = useViewer();
  const label = (key: string) => (key.startsWith("custom.") ? (fields.data?.find((f) => `custom.${f.key}` === key)?.label ?? key.slice(7)) : (FIELD_LABEL[key] ?? key));
  const back = result.movedBack;
  const parts: [number, string, string][] =
    entity === "contact"
      ? [
          [back.channels, "email or phone", "emails and phones"],
          [back.activities, "activity", "activities"],
          [back.dealLinks, "deal", "deals"],
        ]
      : [
          [back.contacts, "contact", "contacts"],
          [back.deals, "deal", "deals"],
          [back.activities, "activity", "activities"],
        ];
  const moved = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return (
    <Alert tone="success">
      <p>
        Merge undone: <Link href={recordHref(slug, { entityType: entity, id: result.loserId })} className="font-medium underline">{mergedName}</Link> is a separate{" "}
        {MERGE_ENTITY_LABEL[entity].one} again{moved.length ? `; back on it: ${moved.join(", ")}` : ""}.
      </p>
      {result.keptFields.length > 0 && (
        <p className="mt-1">
          Edited on {keptName} after the merge, so kept as they are: {result.keptFields.map(label).join(", ")}.
        </p>
      )}
      {result.notRestoredEmails.length > 0 && (
        <p className="mt-1">
          These emails now belong to another contact and could not go back to {mergedName}: {result.notRestoredEmails.join(", ")}.
        </p>
      )}
    </Alert>
  );
}

/**
 * "Undo merge" with its confirmation. The caller shows the outcome (`onUndone`): the
 * refreshed merge list no longer offers this button once the merge is undone.
 */
export function UndoMergeButton({
  mergeId,
  entity,
  keptName,
  mergedName,
  until,
  onUndone,
}: {
  mergeId: string;
  entity: MergeEntity;
  keptName: string;
  mergedName: string;
  until: Date;
  onUndone: (result: UndoResult) => void;
}) {
  const trpc = useTRPC();
  const undo = useMutation(trpc.crm.duplicates.undo.mutationOptions());
  const invalidate = useInvalidateAfterMerge();
  const [open, setOpen] = useState(false);
  // mutateAsync, not per-call callbacks: the refreshed list unmounts this button, and the outcome must still reach the caller.
  const confirm = async () => {
    try {
      const result = await undo.mutateAsync({ mergeId });
      setOpen(false);
      onUndone(result);
      await invalidate();
    } catch {
      setOpen(false);
    }
  };
  return (
    <div className="flex flex-col items-start gap-2">
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Undo merge
      </Button>
      {undo.isError && <Alert>Could not undo the merge: {readServerError(undo.error).message}</Alert>}
      <ConfirmDialog
        open={open}
        title="Undo this merge?"
        confirmLabel="Undo merge"
        tone="primary"
        pending={undo.isPending}
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(false)}
      >
        <UndoExplanation entity={entity} keptName={keptName} mergedName={mergedName} until={until} />
      </ConfirmDialog>
    </div>
  );
}

/**
 * Recent merges of a contact or company (as the kept record or the merged one), newest
 * first, with "Undo merge" while it is possible. Renders nothing for a record never merged.
 */
export function RecentMerges({ entityType, id }: { entityType: MergeEntity; id: string }) {
  const trpc = useTRPC();
  const { slug, canWrite } = useViewer();
  const headingId = useId();
  const now = useNow();
  const format = useFormat();
  const merges = useQuery(trpc.crm.duplicates.merges.forRecord.queryOptions({ entityType, id }));
  const [outcomes, setOutcomes] = useState<Record<string, UndoResult>>({});
  const labels = MERGE_ENTITY_LABEL[entityType];

  if (merges.isPending) return null;
  if (merges.isError && !merges.data) {
    return (
      <section aria-labelledby={headingId} className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id={headingId} className="text-base font-semibold text-ink">
          Merges
        </h2>
        <p className="mt-2 text-sm text-danger-700">Could not load the merges of this {labels.one}: {readServerError(merges.error).message}</p>
      </section>
    );
  }
  if (!merges.data.length) return null;
  const at = Math.max(now, merges.dataUpdatedAt);

  return (
    <section aria-labelledby={headingId} className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <h2 id={headingId} className="text-base font-semibold text-ink">
        Merges
      </h2>
      <ul className="mt-3 flex flex-col divide-y divide-gray-100">
        {merges.data.map((merge) => {
          const kept = merge.winner.id === id;
          const other = kept ? merge.loser : merge.winner;
          return (
            <li key={merge.id} className="flex flex-col gap-2 py-3 text-sm first:pt-0 last:pb-0">
              <p className="text-ink">
                {kept ? (
                  <>
                    <Link href={recordHref(slug, { entityType, id: other.id })} className="font-medium text-brand-700 hover:underline">
                      {other.name}
                    </Link>{" "}
                    was merged into this {labels.one}.
                  </>
                ) : (
                  <>
                    This {labels.one} was merged into{" "}
                    <Link href={recordHref(slug, { entityType, id: other.id })} className="font-medium text-brand-700 hover:underline">
                      {other.name}
                    </Link>
                    .
                  </>
                )}
              </p>
              <p className="text-xs text-ink-faint">
                By {merge.mergedBy?.name ?? "a former member"} · <RelativeTime date={merge.mergedAt} now={at} />
                {merge.undoneAt && (
                  <>
                    {" "}
                    · <span className="text-ink-muted">undone by {merge.undoneBy ?? "a former member"}</span> <RelativeTime date={merge.undoneAt} now={at} />
                  </>
                )}
              </p>
              {outcomes[merge.id] ? (
                <UndoOutcome result={outcomes[merge.id]!} entity={entityType} keptName={merge.winner.name} mergedName={merge.loser.name} />
              ) : merge.canUndo ? (
                <div className="flex flex-col gap-1">
                  {canWrite && (
                    <UndoMergeButton
                      mergeId={merge.id}
                      entity={entityType}
                      keptName={merge.winner.name}
                      mergedName={merge.loser.name}
                      until={merge.undoUntil}
                      onUndone={(result) => setOutcomes((all) => ({ ...all, [merge.id]: result }))}
                    />
                  )}
                  <p className="text-xs text-ink-faint" title={format.dateTimeFull(merge.undoUntil)}>
                    {canWrite ? "Can be undone" : "A member can undo it"} until {format.date(merge.undoUntil)}.
                  </p>
                </div>
              ) : (
                !merge.undoneAt && (
                  <p className="text-xs text-ink-faint">
                    {merge.undoUntil.getTime() < at
                      ? "The 30 days to undo it have passed."
                      : `${merge.winner.name} was merged into another ${labels.one} since; undo that merge first.`}
                  </p>
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
