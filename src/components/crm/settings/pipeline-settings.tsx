"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import type { PipelineInfo } from "../deals/deal-types";
import { NameDialog } from "@/components/records/name-dialog";
import { ArchivePipelineDialog, CreatePipelineDialog, type StageTemplate } from "./pipeline-dialogs";
import { PipelineStages } from "./pipeline-stages";

/*
 * Settings → CRM → Pipelines (admins): the organization's pipelines with their stages.
 * Create, rename, make default, archive (its open deals move to another pipeline), and
 * each pipeline's stages (see pipeline-stages.tsx).
 */

function PipelineCard({
  pipeline,
  boardHref,
  onRename,
  onArchive,
  onChanged,
  onStatus,
}: {
  pipeline: PipelineInfo;
  boardHref: string;
  onRename: () => void;
  onArchive: () => void;
  onChanged: () => Promise<unknown>;
  onStatus: (status: { tone: "success" | "error"; text: string }) => void;
}) {
  const trpc = useTRPC();
  const setDefault = useMutation(trpc.crm.pipelines.setDefault.mutationOptions());
  const archived = pipeline.archivedAt !== null;
  const deals = pipeline.stages.reduce((n, s) => n + (s.dealCount ?? 0), 0);
  const headingId = `pipeline-${pipeline.id}`;

  const makeDefault = async () => {
    try {
      await setDefault.mutateAsync({ id: pipeline.id });
      await onChanged();
      onStatus({ tone: "success", text: `“${pipeline.name}” is now the default pipeline: new deals and the board start with it.` });
    } catch (error) {
      onStatus({ tone: "error", text: `Could not change the default pipeline: ${readServerError(error).message}` });
    }
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h2 id={headingId} className="flex flex-wrap items-center gap-2 text-base font-semibold text-ink">
            <span className="break-words">{pipeline.name}</span>
            {pipeline.isDefault && <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-inset ring-brand-200">Default</span>}
            {archived && <span className="rounded-full bg-surface-sunken px-2 py-0.5 text-xs font-medium text-ink-muted ring-1 ring-inset ring-gray-300">Archived</span>}
          </h2>
          <p className="mt-0.5 text-sm text-ink-muted">
            {pipeline.stages.length} {pipeline.stages.length === 1 ? "stage" : "stages"} · {deals} {deals === 1 ? "deal" : "deals"}
            {!archived && (
              <>
                {" · "}
                <Link href={boardHref} className="font-medium text-brand-700 hover:underline">
                  Open the board
                </Link>
              </>
            )}
          </p>
        </div>
        {!archived && (
          <div className="flex shrink-0 flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={onRename}>
              Rename
            </Button>
            {!pipeline.isDefault && (
              <Button type="button" variant="secondary" pending={setDefault.isPending} onClick={() => void makeDefault()}>
                Make default
              </Button>
            )}
            {!pipeline.isDefault && (
              <Button type="button" variant="ghost" className="text-danger-700 hover:bg-danger-50 hover:text-danger-700" onClick={onArchive}>
                Archive…
              </Button>
            )}
          </div>
        )}
      </header>
      {pipeline.isDefault && <p className="text-xs text-ink-faint">The default pipeline cannot be archived. Make another pipeline the default first.</p>}
      {archived ? (
        <ul className="flex flex-wrap gap-2 text-sm text-ink-muted" aria-label={`Stages of ${pipeline.name}`}>
          {pipeline.stages.map((s) => (
            <li key={s.id} className="rounded bg-surface-sunken px-2 py-0.5">
              {s.name} · {s.dealCount ?? 0}
            </li>
          ))}
        </ul>
      ) : (
        <PipelineStages pipeline={pipeline} readOnly={false} onChanged={onChanged} />
      )}
    </section>
  );
}

export function PipelineSettings({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pipelines = useQuery(trpc.crm.pipelines.list.queryOptions({ includeArchived: true, withDealCounts: true }));
  const create = useMutation(trpc.crm.pipelines.create.mutationOptions());
  const rename = useMutation(trpc.crm.pipelines.rename.mutationOptions());
  const archive = useMutation(trpc.crm.pipelines.archive.mutationOptions());
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<PipelineInfo | null>(null);
  const [archiving, setArchiving] = useState<PipelineInfo | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [status, setStatus] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  // Everything that lists pipelines or stages, or shows deals placed in them.
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries(trpc.crm.pipelines.pathFilter()), queryClient.invalidateQueries(trpc.crm.deals.pathFilter())]);

  const list = pipelines.data ?? [];
  const active = list.filter((p) => !p.archivedAt);
  const archivedList = list.filter((p) => p.archivedAt);

  const submitCreate = async (name: string, stages: StageTemplate) => {
    try {
      const created = await create.mutateAsync({ name, stages });
      await refresh();
      setCreating(false);
      setStatus({ tone: "success", text: `Created the pipeline “${created.name}”.` });
    } catch {
      // Shown in the dialog (create.error).
    }
  };
  const submitRename = async (name: string) => {
    if (!renaming) return;
    try {
      await rename.mutateAsync({ id: renaming.id, name });
      await refresh();
      setRenaming(null);
      setStatus({ tone: "success", text: `Renamed the pipeline to “${name}”.` });
    } catch {
      // Shown in the dialog (rename.error).
    }
  };
  const submitArchive = async (moveOpenDealsToStageId: string | undefined) => {
    if (!archiving) return;
    try {
      const result = await archive.mutateAsync({ id: archiving.id, ...(moveOpenDealsToStageId ? { moveOpenDealsToStageId } : {}) });
      await refresh();
      setStatus({
        tone: "success",
        text: `Archived “${archiving.name}”${result.movedOpenDeals ? ` and moved ${result.movedOpenDeals} open ${result.movedOpenDeals === 1 ? "deal" : "deals"}` : ""}.`,
      });
      setArchiving(null);
    } catch {
      // Shown in the dialog (archive.error).
    }
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h2 className="text-lg font-semibold text-ink">Pipelines</h2>
          <p className="mt-1 text-sm text-ink-muted">
            Each pipeline is a sales process with ordered stages. A stage&apos;s probability weighs the value of its deals; a won or lost stage closes the deals moved into it.
          </p>
        </div>
        <Button
          type="button"
          onClick={() => {
            create.reset();
            setCreating(true);
          }}
        >
          <Icon name="plus" className="size-4" />
          New pipeline
        </Button>
      </div>

      <div aria-live="polite">{status && <Alert tone={status.tone}>{status.text}</Alert>}</div>

      {pipelines.isPending ? (
        <div className="flex flex-col gap-4" aria-hidden>
          {[0, 1].map((i) => (
            <div key={i} className="h-72 animate-pulse rounded-card bg-surface-sunken" />
          ))}
          <span className="sr-only" role="status">
            Loading pipelines…
          </span>
        </div>
      ) : pipelines.isError ? (
        <LoadError message={`Could not load the pipelines: ${readServerError(pipelines.error).message}`} retrying={pipelines.isFetching} onRetry={() => void pipelines.refetch()} />
      ) : (
        <>
          {active.map((p) => (
            <PipelineCard
              key={p.id}
              pipeline={p}
              boardHref={`/t/${slug}/crm/deals?pipeline=${p.id}`}
              onRename={() => {
                rename.reset();
                setRenaming(p);
              }}
              onArchive={() => {
                archive.reset();
                setArchiving(p);
              }}
              onChanged={refresh}
              onStatus={setStatus}
            />
          ))}
          {archivedList.length > 0 && (
            <section aria-labelledby="archived-pipelines" className="flex flex-col gap-3">
              <h2 id="archived-pipelines" className="text-sm font-medium text-ink">
                <button type="button" aria-expanded={showArchived} onClick={() => setShowArchived(!showArchived)} className="inline-flex items-center gap-1 hover:underline">
                  <Icon name="chevron" className={showArchived ? "size-4" : "size-4 -rotate-90"} />
                  Archived pipelines ({archivedList.length})
                </button>
              </h2>
              {showArchived &&
                archivedList.map((p) => (
                  <PipelineCard key={p.id} pipeline={p} boardHref="" onRename={() => undefined} onArchive={() => undefined} onChanged={refresh} onStatus={setStatus} />
                ))}
            </section>
          )}
        </>
      )}

      <CreatePipelineDialog
        open={creating}
        pending={create.isPending}
        error={create.error && !readServerError(create.error).fieldErrors.name ? readServerError(create.error).message : null}
        nameError={create.error ? readServerError(create.error).fieldErrors.name?.[0] : undefined}
        onSubmit={(name, stages) => void submitCreate(name, stages)}
        onCancel={() => setCreating(false)}
      />
      <NameDialog
        open={renaming !== null}
        title="Rename pipeline"
        label="Name"
        initialValue={renaming?.name ?? ""}
        maxLength={80}
        submitLabel="Rename"
        pending={rename.isPending}
        error={rename.error ? readServerError(rename.error).message : undefined}
        onSubmit={(name) => void submitRename(name)}
        onCancel={() => setRenaming(null)}
      />
      <ArchivePipelineDialog
        pipeline={archiving}
        others={active.filter((p) => p.id !== archiving?.id)}
        pending={archive.isPending}
        error={archive.error ? readServerError(archive.error).message : null}
        onSubmit={(target) => void submitArchive(target)}
        onCancel={() => setArchiving(null)}
      />
    </div>
  );
}

