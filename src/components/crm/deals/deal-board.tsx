"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Icon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { CRM } from "@/server/modules/crm/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import type { MemberRole } from "@/server/modules/orgs/schema";
import { useTRPC } from "@/trpc/client";
import { BoardColumns, type FocusRequest } from "./deal-board-columns";
import { moveOnBoard } from "./deal-board-state";
import { dealCount, todayIso } from "./deal-format";
import { DealsViewToggle, DebouncedText, LostReasonDialog, MoneyTotals } from "./deal-parts";
import type { BoardCard, BoardData, BoardStage } from "./deal-types";
import { boardInput, readBoardUrl, type BoardUrl } from "../shared/first-page";
import { useMembers } from "../shared/hooks";
import { ME } from "../shared/list-query";
import { FilterSelect } from "@/components/records/parts";

/*
 * /t/[slug]/crm/deals: one pipeline's deals as columns. The pipeline, owner and search
 * are in the address. A move shows at once (optimistic) and is undone, with the
 * server's reason, when the server refuses it; moving into a lost stage asks why first.
 */

export function boardSearch(url: BoardUrl): string {
  const params = new URLSearchParams();
  if (url.pipelineId) params.set("pipeline", url.pipelineId);
  if (url.owner) params.set("owner", url.owner);
  if (url.q) params.set("q", url.q);
  const search = params.toString();
  return search ? `?${search}` : "";
}

function BoardSkeleton() {
  return (
    <div className="flex gap-3 overflow-hidden" aria-hidden>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="flex w-72 shrink-0 flex-col gap-2 rounded-card bg-surface-sunken p-2">
          <div className="h-14 animate-pulse rounded bg-surface-sunken" />
          {[0, 1, 2].map((j) => (
            <div key={j} className="h-24 animate-pulse rounded-lg bg-white/70" />
          ))}
        </div>
      ))}
    </div>
  );
}

type Props = { slug: string; userId: string; role: MemberRole };

export function DealBoard({ slug, userId, role }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const url = useMemo(() => readBoardUrl(new URLSearchParams(search)), [search]);
  const base = `/t/${slug}/crm`;
  const canEdit = roleAtLeast(role, CRM.edit);
  const members = useMembers();
  const pipelines = useQuery(trpc.crm.pipelines.list.queryOptions({}, { staleTime: 60_000 }));

  const input = boardInput(url, userId);
  const board = useQuery(trpc.crm.deals.board.queryOptions(input, { placeholderData: keepPreviousData, retry: false }));
  const boardKey = trpc.crm.deals.board.queryKey(input);

  const [today, setToday] = useState(() => todayIso());
  useEffect(() => {
    const timer = setInterval(() => setToday(todayIso()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [focusRequest, setFocusRequest] = useState<FocusRequest>(null);
  const [lostPrompt, setLostPrompt] = useState<{ card: BoardCard; from: BoardStage; to: BoardStage } | null>(null);
  // Another pipeline or filter: a card shown again later must not take the focus back.
  const [focusFor, setFocusFor] = useState(search);
  if (focusFor !== search) {
    setFocusFor(search);
    setFocusRequest(null);
  }

  const navigate = (next: BoardUrl, replace = false) => {
    const target = `${pathname}${boardSearch(next)}`;
    if (target === `${window.location.pathname}${window.location.search}`) return;
    if (replace) window.history.replaceState(null, "", target);
    else window.history.pushState(null, "", target);
  };

  const move = useMutation(
    trpc.crm.deals.move.mutationOptions({
      onMutate: async (vars) => {
        // The key travels with the move: the filters may change before the answer comes.
        const key = boardKey;
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData<BoardData>(key);
        if (previous) queryClient.setQueryData<BoardData>(key, moveOnBoard(previous, vars.dealId, vars.stageId));
        return { key, previous };
      },
      onError: (_error, _vars, context) => {
        if (context?.previous) queryClient.setQueryData<BoardData>(context.key, context.previous);
      },
      onSettled: (_data, _error, vars) => {
        // Not awaited: the result is announced at once; a later move cancels these refetches.
        void queryClient.invalidateQueries(trpc.crm.deals.board.pathFilter());
        void queryClient.invalidateQueries(trpc.crm.deals.list.pathFilter());
        void queryClient.invalidateQueries(trpc.crm.deals.get.queryFilter({ id: vars.dealId }));
        void queryClient.invalidateQueries(trpc.crm.deals.forRecord.pathFilter());
      },
    }),
  );

  const save = (card: BoardCard, from: BoardStage, to: BoardStage, lostReason?: string) => {
    setProblem(null);
    setFocusRequest((r) => ({ dealId: card.id, seq: (r?.seq ?? 0) + 1 }));
    move.mutate(
      { dealId: card.id, stageId: to.id, lostReason },
      {
        onSuccess: () => setAnnouncement(`Moved ${card.title} to ${to.name}.`),
        onError: (error) => {
          const text = `Could not move “${card.title}” to “${to.name}”: ${readServerError(error).message} It is back in “${from.name}”.`;
          setProblem(text);
          setAnnouncement(text);
          setFocusRequest((r) => ({ dealId: card.id, seq: (r?.seq ?? 0) + 1 }));
        },
      },
    );
  };

  const onDrop = (card: BoardCard, from: BoardStage, to: BoardStage) => {
    // A lost stage closes the deal as lost: the server wants a reason (a lost deal keeps its own).
    if (to.outcome === "lost" && card.status !== "lost") setLostPrompt({ card, from, to });
    else save(card, from, to);
  };

  const data = board.data;
  const list = pipelines.data ?? [];
  const pipelineValue = data?.pipeline.id ?? url.pipelineId ?? "";
  const boardError = board.isError ? readServerError(board.error) : null;
  const archived = data?.pipeline.archived ?? false;
  const canMove = canEdit && !archived;
  const others = (members.data ?? []).filter((m) => m.userId !== userId);
  const filtered = Boolean(url.owner || url.q);
  const total = data?.stages.reduce((n, s) => n + s.count, 0) ?? 0;
  const listHrefFor = (stage: BoardStage) => `${base}/deals/list?pipeline=${data?.pipeline.id ?? ""}&stage=${stage.id}`;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Deals</h1>
          <p className="mt-1 text-sm text-ink-muted">
            {canEdit ? "Drag a deal to another stage, or pick it up with Space or Enter and move it with the arrow keys." : "Your organization's pipeline. You can view deals; members move them."}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <DealsViewToggle base={base} current="board" boardSearch={boardSearch(url)} />
          {roleAtLeast(role, CRM.configure) && (
            <ButtonLink href={`/t/${slug}/settings/crm/pipelines`} variant="secondary">
              <Icon name="settings" className="size-4" />
              Pipelines
            </ButtonLink>
          )}
          {canEdit && (
            <ButtonLink href={`${base}/deals/new${data ? `?pipeline=${data.pipeline.id}` : ""}`}>
              <Icon name="plus" className="size-4" />
              New deal
            </ButtonLink>
          )}
        </div>
      </div>

      <form role="search" aria-label="Filter the board" className="grid grid-cols-1 gap-3 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect
          label="Pipeline"
          value={pipelineValue}
          disabled={!list.length}
          onChange={(e) => navigate({ ...url, pipelineId: e.target.value || undefined })}
        >
          {!list.length && <option value={pipelineValue}>{data?.pipeline.name ?? "Loading…"}</option>}
          {data && !list.some((p) => p.id === data.pipeline.id) && list.length > 0 && (
            <option value={data.pipeline.id}>{`${data.pipeline.name}${archived ? " (archived)" : ""}`}</option>
          )}
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.isDefault ? `${p.name} (default)` : p.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Owner" value={url.owner ?? ""} onChange={(e) => navigate({ ...url, owner: e.target.value || undefined })}>
          <option value="">Anyone</option>
          <option value={ME}>Me</option>
          {url.owner && url.owner !== ME && !others.some((m) => m.userId === url.owner) && <option value={url.owner}>Former member</option>}
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </FilterSelect>
        <DebouncedText label="Search" type="search" placeholder="Deal title" value={url.q ?? ""} onCommit={(q) => navigate({ ...url, q: q || undefined }, true)} />
      </form>

      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {problem && <Alert>{problem}</Alert>}
      {archived && <Alert tone="info">This pipeline is archived: its deals are shown as they were and cannot be moved here.</Alert>}
      {!canEdit && <p className="text-sm text-ink-muted">You have read-only access: deals cannot be moved.</p>}

      {board.isPending ? (
        <>
          <span className="sr-only" role="status">
            Loading the board…
          </span>
          <BoardSkeleton />
        </>
      ) : boardError && !data ? (
        (board.error as { data?: { code?: string } }).data?.code === "NOT_FOUND" ? (
          <EmptyState title="This pipeline does not exist.">
            It may have been removed.{" "}
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => navigate({ ...url, pipelineId: undefined })}>
              Show the default pipeline
            </button>
            .
          </EmptyState>
        ) : (
          <LoadError message={`Could not load the board: ${boardError.message}`} retrying={board.isFetching} onRetry={() => void board.refetch()} />
        )
      ) : data ? (
        <section aria-label={`Board of ${data.pipeline.name}`} aria-busy={board.isPlaceholderData || undefined} className="flex flex-col gap-3">
          {boardError && <Alert>Could not refresh the board: {boardError.message}</Alert>}
          <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2 text-sm">
            <p className="text-ink-muted">
              <span className="font-medium text-ink">{dealCount(total)}</span> on the board{filtered ? " matching the filters" : ""}
            </p>
            <div className="flex flex-wrap items-baseline gap-2">
              <span className="text-ink-muted">Open pipeline:</span>
              <MoneyTotals totals={data.openTotals} className="text-sm [&_li]:text-sm" />
            </div>
          </div>
          {total === 0 && (
            <p className="text-sm text-ink-muted">
              {filtered ? "No deals match these filters." : canEdit ? "No deals in this pipeline yet. Create one with “New deal”." : "No deals in this pipeline yet."}
            </p>
          )}
          <BoardColumns board={data} base={base} today={today} canMove={canMove} focusRequest={focusRequest} onDrop={onDrop} listHrefFor={listHrefFor} />
        </section>
      ) : null}

      <LostReasonDialog
        open={lostPrompt !== null}
        dealTitle={lostPrompt?.card.title ?? ""}
        stageName={lostPrompt?.to.name ?? null}
        onCancel={() => {
          if (lostPrompt) setAnnouncement(`${lostPrompt.card.title} stays in ${lostPrompt.from.name}.`);
          if (lostPrompt) setFocusRequest((r) => ({ dealId: lostPrompt.card.id, seq: (r?.seq ?? 0) + 1 }));
          setLostPrompt(null);
        }}
        onSubmit={(reason) => {
          if (lostPrompt) save(lostPrompt.card, lostPrompt.from, lostPrompt.to, reason);
          setLostPrompt(null);
        }}
      />
    </div>
  );
}
