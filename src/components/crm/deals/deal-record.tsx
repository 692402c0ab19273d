"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useNow } from "@/components/jobs/format";
import { RelativeTime } from "@/components/jobs/relative-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { CustomValuesList } from "../shared/custom-values-list";
import { DealForm } from "./deal-form";
import { closeDateText, isOverdue, todayIso, weightedMinor } from "./deal-format";
import { useDealFormData } from "./deal-hooks";
import { DealBreadcrumb, DealStatusBadge, LostReasonDialog } from "./deal-parts";
import { DealDeleteButton, DealFollowButton, useDealChange, type StatusChange } from "./deal-record-actions";
import { DealStageBar } from "./deal-stage-bar";
import type { DealDetail, StageInfo } from "./deal-types";
import { DetailList, TagList } from "../shared/parts";
import { RecordNotAvailable } from "../shared/record-not-found";
import { FollowersCard, RecordSkeleton } from "../shared/record-parts";
import { RecordTimeline } from "../shared/record-slots";
import { useFormat } from "@/components/format/format-provider";

function DealLoadError({ error, boardHref, retrying, onRetry }: { error: unknown; boardHref: string; retrying: boolean; onRetry: () => void }) {
  const { message } = readServerError(error);
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  if (code === "NOT_FOUND" || code === "BAD_REQUEST") {
    return <RecordNotAvailable entity="deal" listHref={boardHref} reason={code === "NOT_FOUND" ? message : "The address does not point to a deal."} />;
  }
  return <LoadError message={`Could not load the deal: ${message}`} retrying={retrying} onRetry={onRetry} />;
}

/** Won / Lost where a deal is open; Reopen where it is closed. Won and lost go to the pipeline's won or lost stage when it has one. */
function CloseButtons({ deal, stages, busy, onChange, onLost }: { deal: DealDetail; stages: StageInfo[]; busy: boolean; onChange: (change: StatusChange) => void; onLost: () => void }) {
  const wonStage = stages.find((s) => s.outcome === "won");
  if (deal.status !== "open") {
    const openStages = stages.filter((s) => s.outcome === "open");
    const back = openStages[openStages.length - 1];
    const inClosedStage = deal.stage.outcome !== "open";
    if (inClosedStage && !back) return null;
    return (
      <Button
        type="button"
        variant="secondary"
        disabled={busy}
        title={inClosedStage && back ? `Moves the deal back to “${back.name}”` : "Opens the deal again in its stage"}
        onClick={() => onChange(inClosedStage && back ? { kind: "stage", stage: back } : { kind: "status", status: "open" })}
      >
        Reopen
      </Button>
    );
  }
  return (
    <>
      <Button
        type="button"
        className="bg-success-700 hover:bg-success-700/90"
        disabled={busy}
        onClick={() => onChange(wonStage ? { kind: "stage", stage: wonStage } : { kind: "status", status: "won" })}
      >
        Won
      </Button>
      <Button type="button" variant="danger" disabled={busy} onClick={onLost}>
        Lost
      </Button>
    </>
  );
}

/** /t/[slug]/crm/deals/[id]: the deal with its stage bar, won/lost, details (edited in place), links, followers and timeline. */
export function DealRecord({ slug, id, role, userId }: { slug: string; id: string; role: MemberRole; userId: string }) {
  const trpc = useTRPC();
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const deal = useQuery(trpc.crm.deals.get.queryOptions({ id }, { retry: false }));
  const formData = useDealFormData();
  const now = useNow();

  if (deal.isPending) {
    return (
      <>
        <span className="sr-only" role="status">
          Loading deal…
        </span>
        <RecordSkeleton />
      </>
    );
  }
  if (deal.isError) return <DealLoadError error={deal.error} boardHref={`${base}/deals`} retrying={deal.isFetching} onRetry={() => void deal.refetch()} />;
  return (
    <DealRecordView key={deal.data.id} d={deal.data} base={base} slug={slug} userId={userId} canEdit={canEdit} formData={formData} now={Math.max(now, deal.dataUpdatedAt)} />
  );
}

/** The loaded deal (its own state resets when another deal opens). */
function DealRecordView({
  d,
  base,
  slug,
  userId,
  canEdit,
  formData,
  now,
}: {
  d: DealDetail;
  base: string;
  slug: string;
  userId: string;
  canEdit: boolean;
  formData: ReturnType<typeof useDealFormData>;
  now: number;
}) {
  const format = useFormat();
  const change = useDealChange(d);
  const [editing, setEditing] = useState(false);
  const [lostPrompt, setLostPrompt] = useState<{ stage: StageInfo | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const pipeline = formData.pipelines.find((p) => p.id === d.pipeline.id);
  const stages = pipeline?.stages ?? [];
  const archived = Boolean(pipeline?.archivedAt);
  const canMove = canEdit && !archived && stages.length > 0;
  const today = todayIso(new Date(now));
  const overdue = isOverdue(d, today);
  const close = closeDateText(d, format, today);
  const busy = change.pending !== null;

  const moveTo = (stage: StageInfo) => {
    if (stage.outcome === "lost" && d.status !== "lost") setLostPrompt({ stage });
    else void change.apply({ kind: "stage", stage });
  };
  const markLost = () => setLostPrompt({ stage: stages.find((s) => s.outcome === "lost") ?? null });

  return (
    <div className="flex flex-col gap-6">
      <DealBreadcrumb base={base} current={d.title} />

      <header className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="break-words text-2xl font-semibold text-ink">{d.title}</h1>
              <DealStatusBadge status={d.status} />
            </div>
            <p className="mt-1 text-sm text-ink-muted">
              <span className="text-lg font-semibold text-ink">{format.money(d.amountMinor, d.currency)}</span>
              <span className="ml-2">
                {d.effectiveProbability}% · weighted {format.money(weightedMinor(d.amountMinor, d.effectiveProbability), d.currency)}
              </span>
            </p>
            <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-ink-muted">
              {d.company && (
                <Link href={`${base}/companies/${d.company.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.company.name}
                </Link>
              )}
              <span>
                Owner: <span className="font-medium text-ink">{d.owner?.name ?? "nobody"}</span>
              </span>
              {close && <span className={overdue ? "font-medium text-danger-700" : undefined}>Expected close: {close}</span>}
            </p>
          </div>
          {canEdit && (
            <div className="flex shrink-0 flex-wrap gap-2">
              {!archived && <CloseButtons deal={d} stages={stages} busy={busy} onChange={(c) => void change.apply(c)} onLost={markLost} />}
              <DealFollowButton id={d.id} following={d.following} />
              {!editing && (
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() => {
                    change.clearResult();
                    setEditing(true);
                  }}
                >
                  Edit
                </Button>
              )}
              <DealDeleteButton deal={d} boardHref={`${base}/deals?pipeline=${d.pipeline.id}`} onError={setProblem} />
            </div>
          )}
        </div>
        {stages.length > 0 ? (
          <DealStageBar deal={d} stages={stages} canMove={canMove} pendingStageId={change.pending?.kind === "stage" ? change.pending.stage.id : null} onMove={moveTo} />
        ) : (
          <p className="text-sm text-ink-muted">
            {d.pipeline.name} · {d.stage.name}
          </p>
        )}
        {archived && <p className="text-sm text-ink-muted">The pipeline “{d.pipeline.name}” is archived. Edit the deal to move it to an active pipeline.</p>}
        <p role="status" className={change.result?.tone === "error" ? "text-sm font-medium text-danger-700" : "text-sm text-success-700"}>
          {change.result?.text}
        </p>
        {d.status === "lost" && (
          <div className="rounded-lg border border-danger-600/30 bg-danger-50 px-3 py-2 text-sm text-danger-700">
            <span className="font-medium">Lost{d.closedAt ? ` on ${format.date(d.closedAt)}` : ""}.</span> {d.lostReason ? `Reason: ${d.lostReason}` : "No reason given."}
          </div>
        )}
        {d.status === "won" && (
          <div className="rounded-lg border border-success-700/30 bg-success-50 px-3 py-2 text-sm font-medium text-success-700">Won{d.closedAt ? ` on ${format.date(d.closedAt)}` : ""}.</div>
        )}
      </header>
      {problem && <Alert>{problem}</Alert>}

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 lg:col-span-2">
          {editing ? (
            formData.ready ? (
              <DealForm
                key={d.updatedAt.toISOString()}
                slug={slug}
                fields={formData.fields}
                members={formData.members}
                pipelines={formData.pipelines}
                currency={formData.currency}
                userId={userId}
                deal={d}
                onDone={() => setEditing(false)}
                onCancel={() => setEditing(false)}
              />
            ) : formData.error ? (
              <LoadError message={`Could not open the form: ${readServerError(formData.error).message}`} retrying={formData.retrying} onRetry={formData.retry} />
            ) : (
              <p role="status" className="text-sm text-ink-muted">
                Opening the form…
              </p>
            )
          ) : (
            <section aria-labelledby="deal-details-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h2 id="deal-details-heading" className="text-base font-semibold text-ink">
                  Details
                </h2>
                {canEdit && (
                  <button
                    type="button"
                    onClick={() => {
                      change.clearResult();
                      setEditing(true);
                    }}
                    className="text-sm font-medium text-brand-700 hover:underline"
                  >
                    Edit details
                  </button>
                )}
              </div>
              <DetailList
                rows={[
                  { label: "Amount", value: format.money(d.amountMinor, d.currency) },
                  {
                    label: "Probability",
                    value: d.probability !== null ? `${d.probability}% (set for this deal; the stage says ${d.stage.probability}%)` : `${d.stage.probability}% (from the stage)`,
                  },
                  { label: "Weighted value", value: format.money(weightedMinor(d.amountMinor, d.effectiveProbability), d.currency) },
                  { label: "Pipeline", value: `${d.pipeline.name} · ${d.stage.name}` },
                  { label: "Expected close", value: close ? <span className={overdue ? "font-medium text-danger-700" : undefined}>{close}</span> : null },
                  { label: "Owner", value: d.owner?.name },
                  { label: "Tags", value: d.tags.length ? <TagList tags={d.tags} /> : null },
                ]}
              />
              <CustomValuesList fields={formData.fields} values={d.custom} members={formData.members} />
            </section>
          )}

          {/* slot: timeline */}
          <RecordTimeline entityType="deal" id={d.id} />
        </div>

        <aside className="flex min-w-0 flex-col gap-6" aria-label="About this deal">
          <section aria-labelledby="deal-people-heading" className="rounded-card border border-gray-200 bg-white p-5 shadow-sm">
            <h2 id="deal-people-heading" className="text-base font-semibold text-ink">
              Company and contacts
            </h2>
            <div className="mt-3 flex flex-col gap-3 text-sm">
              {d.company ? (
                <Link href={`${base}/companies/${d.company.id}`} className="font-medium text-brand-700 hover:underline">
                  {d.company.name}
                </Link>
              ) : (
                <p className="text-ink-muted">No company.</p>
              )}
              {d.contacts.length === 0 ? (
                <p className="text-ink-muted">No contacts.</p>
              ) : (
                <ul className="flex flex-col gap-2">
                  {d.contacts.map((c) => (
                    <li key={c.id} className="min-w-0">
                      <Link href={`${base}/contacts/${c.id}`} className="block truncate font-medium text-ink hover:text-brand-700 hover:underline">
                        {c.name || "Unnamed contact"}
                      </Link>
                      {c.email && <span className="block truncate text-xs text-ink-faint">{c.email}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </section>
          <FollowersCard followers={d.followers} />
          <section className="rounded-card border border-gray-200 bg-white p-5 text-sm shadow-sm" aria-label="Record history">
            <p className="text-ink-muted">
              Created <span className="text-ink">{format.date(d.createdAt)}</span>
            </p>
            <p className="mt-1 text-ink-muted">
              In this stage since <span className="text-ink">{format.date(d.stageChangedAt)}</span>
            </p>
            <p className="mt-1 text-ink-muted">
              Updated <RelativeTime date={d.updatedAt} now={now} />
            </p>
          </section>
        </aside>
      </div>

      <LostReasonDialog
        open={lostPrompt !== null}
        dealTitle={d.title}
        stageName={lostPrompt?.stage?.name ?? null}
        pending={busy}
        onCancel={() => setLostPrompt(null)}
        onSubmit={(reason) => {
          const stage = lostPrompt?.stage;
          setLostPrompt(null);
          void change.apply(stage ? { kind: "stage", stage, lostReason: reason } : { kind: "status", status: "lost", lostReason: reason });
        }}
      />
    </div>
  );
}
