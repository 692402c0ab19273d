"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useFormat } from "@/components/format/format-provider";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { ModalForm } from "@/components/ui/modal";
import { readServerError } from "@/components/ui/server-errors";
import type { MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";
import { FIRST_FILTER, fraudQueueInput, type FraudFilter } from "./first-page";
import { FraudPlanGate } from "./plan-gate";

type QueueItem = RouterOutputs["analytics"]["fraud"]["queue"]["items"][number];
type Status = RouterOutputs["analytics"]["fraud"]["status"];

const KIND_LABELS: Record<QueueItem["kind"], string> = {
  customer_payment: "Customer payment",
  supplier_bill: "Supplier bill",
  supplier_payment: "Supplier payment",
  journal_entry: "Journal entry",
};
const STATUS_LABELS: Record<FraudFilter["status"], string> = { to_review: "To review", confirmed: "Confirmed fraud", dismissed: "Dismissed" };

function scoreTone(score: number): string {
  if (score >= 60) return "bg-danger-50 text-danger-700 border-danger-200";
  if (score >= 30) return "bg-amber-50 text-amber-800 border-amber-200";
  return "bg-gray-50 text-ink-muted border-gray-200";
}

/** Which method scores, and why (trainModel's reason, with its cross-validated AUC against the rules'). */
function MethodSummary({ status }: { status: Status }) {
  const model = status.model;
  return (
    <div className="flex flex-col gap-1 text-sm text-ink-muted" aria-live="polite">
      <p>
        <strong className="font-medium text-ink">{model?.inUse ? "Scored by the tenant's learned model" : "Scored by rules"}</strong>
        {" · "}
        {status.scored} scored, {status.toReview} to review, {status.confirmed} confirmed, {status.dismissed} dismissed
      </p>
      <p>{model ? model.reason : "No labels yet: confirm or dismiss items below; with 30 labels (5 of each kind) a learned model is tried against the rules."}</p>
    </div>
  );
}

function ReviewDialog({ item, verdict, onClose }: { item: QueueItem; verdict: "confirmed" | "dismissed"; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const label = useMutation(
    trpc.analytics.fraud.label.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.analytics.fraud.pathKey() });
        onClose();
      },
    }),
  );
  const what = `${KIND_LABELS[item.kind].toLowerCase()} ${item.reference ?? ""}`.trim();
  return (
    <ModalForm
      open
      title={verdict === "confirmed" ? `Confirm ${what} as fraud?` : `Dismiss ${what}?`}
      description={verdict === "confirmed" ? "It moves to Confirmed fraud and counts as a positive label for the learned model." : "It moves to Dismissed and counts as a negative label."}
      submitLabel={verdict === "confirmed" ? "Confirm fraud" : "Dismiss"}
      tone={verdict === "confirmed" ? "danger" : "primary"}
      pending={label.isPending}
      error={label.error ? readServerError(label.error).message : null}
      onCancel={onClose}
      onSubmit={() => label.mutate({ kind: item.kind, itemId: item.itemId, verdict, note: note.trim() || undefined })}
    >
      <TextField label="Note (optional)" value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
    </ModalForm>
  );
}

function QueueRow({ slug, item }: { slug: string; item: QueueItem }) {
  const format = useFormat();
  const [reviewing, setReviewing] = useState<"confirmed" | "dismissed" | null>(null);
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start">
      <div className={`w-14 shrink-0 rounded-md border px-2 py-1 text-center text-lg font-semibold tabular-nums ${scoreTone(item.score)}`} aria-label={`Score ${Math.round(item.score)} of 100`}>
        {Math.round(item.score)}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <p className="text-sm">
          <Link href={`/t/${slug}${item.href}`} className="font-medium text-brand-700 hover:underline">
            {KIND_LABELS[item.kind]} {item.reference ?? ""}
          </Link>
          {item.counterpartyName && <span className="text-ink-muted"> · {item.counterpartyName}</span>}
          <span className="text-ink-muted">
            {" "}
            · {format.money(BigInt(item.amountMinor), item.currency)} · {format.dateTime(item.postedAt)}
          </span>
          {item.method === "model" && <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">learned model</span>}
        </p>
        {item.reasons.length ? (
          <ul className="list-disc pl-5 text-sm text-ink">
            {item.reasons.map((reason) => (
              <li key={reason.key}>
                {reason.reason} <span className="text-xs text-ink-faint">({reason.contribution >= 0 ? "+" : ""}{reason.contribution.toFixed(0)} points)</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-ink-muted">No signal fired.</p>
        )}
        {item.label && (
          <p className="text-xs text-ink-muted">
            {item.label.verdict === "confirmed" ? "Confirmed as fraud" : "Dismissed"} by {item.label.labelledBy ?? "a former member"} on {format.dateTime(item.label.labelledAt)}
            {item.label.note ? `: “${item.label.note}”` : ""}
          </p>
        )}
      </div>
      <div className="flex shrink-0 gap-2">
        {item.label?.verdict !== "confirmed" && (
          <Button type="button" variant="danger" onClick={() => setReviewing("confirmed")} aria-label={`Confirm ${item.reference ?? KIND_LABELS[item.kind]} as fraud`}>
            Confirm
          </Button>
        )}
        {item.label?.verdict !== "dismissed" && (
          <Button type="button" variant="secondary" onClick={() => setReviewing("dismissed")} aria-label={`Dismiss ${item.reference ?? KIND_LABELS[item.kind]}`}>
            Dismiss
          </Button>
        )}
      </div>
      {reviewing && <ReviewDialog item={item} verdict={reviewing} onClose={() => setReviewing(null)} />}
    </li>
  );
}

/** /t/[slug]/analytics/fraud: the review queue (admins). */
export function FraudReview({ slug, role }: { slug: string; role: MemberRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<FraudFilter>(FIRST_FILTER);
  const status = useQuery(trpc.analytics.fraud.status.queryOptions());
  const enabled = status.data?.enabled ?? false;
  const queue = useInfiniteQuery(
    trpc.analytics.fraud.queue.infiniteQueryOptions(fraudQueueInput(filter), { getNextPageParam: (page) => page.nextCursor, enabled }),
  );
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.analytics.fraud.pathKey() });
  const refresh = useMutation(trpc.analytics.fraud.refresh.mutationOptions({ onSuccess: invalidate }));
  const retrain = useMutation(trpc.analytics.fraud.retrain.mutationOptions({ onSuccess: invalidate }));
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-2">
          <h1 className="text-2xl font-semibold text-ink">Fraud review</h1>
          <p className="max-w-2xl text-sm text-ink-muted">
            Every customer payment, supplier bill and payment, and manual journal entry gets a score from 0 to 100 with the reasons behind it. Confirm or dismiss the
            highest first.
          </p>
          {status.isError && <Alert>Could not read the fraud scores&apos; status: {readServerError(status.error).message}</Alert>}
          {status.data && enabled && <MethodSummary status={status.data} />}
        </div>
        {enabled && (
          <div className="flex shrink-0 gap-2">
            <Button type="button" variant="secondary" pending={refresh.isPending} onClick={() => refresh.mutate()}>
              Score new items
            </Button>
            <Button type="button" variant="secondary" pending={retrain.isPending} onClick={() => retrain.mutate()}>
              Retrain
            </Button>
          </div>
        )}
      </header>
      {refresh.data && (
        <p className="text-sm text-ink-muted" role="status">
          Scored {refresh.data.scored} item{refresh.data.scored === 1 ? "" : "s"}
          {refresh.data.remaining ? `; ${refresh.data.remaining} left: press again to continue.` : "."}
        </p>
      )}
      {(refresh.error ?? retrain.error) && <Alert>{readServerError((refresh.error ?? retrain.error)!).message}</Alert>}

      {status.data && !enabled && <FraudPlanGate slug={slug} role={role} planLabel={status.data.planLabel} />}

      {enabled && (
        <section className="flex flex-col gap-3">
          <div className="flex flex-wrap gap-3">
            <SelectField label="Status" value={filter.status} onChange={(event) => setFilter({ ...filter, status: event.target.value as FraudFilter["status"] })}>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Kind"
              value={filter.kind ?? ""}
              onChange={(event) => setFilter({ ...filter, kind: (event.target.value || undefined) as FraudFilter["kind"] })}
            >
              <option value="">All kinds</option>
              {Object.entries(KIND_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </SelectField>
          </div>
          {queue.isError ? (
            <LoadError message={`Could not load the queue: ${readServerError(queue.error).message}`} retrying={queue.isRefetching} onRetry={() => void queue.refetch()} />
          ) : queue.isPending ? (
            <p className="text-sm text-ink-muted">Loading…</p>
          ) : items.length === 0 ? (
            <p className="rounded-card border border-gray-200 bg-white p-6 text-sm text-ink-muted">
              {filter.status === "to_review" ? "Nothing to review. New items are scored as they are posted; “Score new items” catches up on older ones." : "None yet."}
            </p>
          ) : (
            <ul className="divide-y divide-gray-100 rounded-card border border-gray-200 bg-white shadow-sm">
              {items.map((item) => (
                <QueueRow key={`${item.kind}:${item.itemId}`} slug={slug} item={item} />
              ))}
            </ul>
          )}
          {items.length > 0 && (
            <ListFooter
              summary={`${items.length} shown, highest score first`}
              hasMore={queue.hasNextPage}
              loadingMore={queue.isFetchingNextPage}
              onLoadMore={() => void queue.fetchNextPage()}
            />
          )}
        </section>
      )}
    </div>
  );
}
