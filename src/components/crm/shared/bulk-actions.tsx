"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { BulkBar, countOf } from "@/components/records/bulk-bar";
import { BulkDialog } from "@/components/records/bulk-dialog";
import { BulkResult, type BulkRunView } from "@/components/records/bulk-result";
import { isSelected, selectedCount, useRowSelection, type SelectionState } from "@/components/records/row-selection";
import type { RowSelection } from "@/components/records/record-table";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { useTRPC } from "@/trpc/client";
import { actionOf, BULK_ACTION_LABEL, BulkFields, EMPTY_DRAFT, usePipelineStages, type BulkActionType, type BulkDraft } from "./bulk-fields";
import { useMembers } from "./hooks";
import { ENTITY_LABEL } from "./labels";

/*
 * Bulk actions on a CRM list: the table's selection, the bar with the actions the
 * member may take (viewers: export only), each action's dialog, and the result (or the
 * background run's progress, polled until it ends). When an action has run, the lists
 * are refetched and the selection cleared.
 */

const ACTIONS: Record<CrmEntityType, BulkActionType[]> = {
  contact: ["assignOwner", "setLifecycle", "addTags", "removeTags", "delete"],
  company: ["assignOwner", "addTags", "removeTags", "delete"],
  deal: ["assignOwner", "setStage", "addTags", "removeTags", "delete"],
};

type ListInput = { filters: object; sort: object };

function selectionPayload(state: SelectionState, input: ListInput) {
  return state.mode === "ids" ? { ids: [...state.ids] } : { filters: input.filters as Record<string, unknown>, excludeIds: [...state.excluded] };
}

/** Downloads the selected rows as CSV: a form POST (thousands of ids do not fit in a link). */
function exportSelected(tenantId: string, entity: CrmEntityType, input: ListInput, state: SelectionState) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = `/api/crm/export?tenant=${encodeURIComponent(tenantId)}`;
  form.enctype = "multipart/form-data";
  form.hidden = true;
  const fields = { entity, filters: JSON.stringify(input.filters), sort: JSON.stringify(input.sort), selection: JSON.stringify(state.mode === "ids" ? { ids: [...state.ids] } : { excludeIds: [...state.excluded] }) };
  for (const [name, value] of Object.entries(fields)) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = name;
    field.value = value;
    form.append(field);
  }
  document.body.append(form);
  form.submit();
  form.remove();
}

export function useCrmBulk<R extends { id: string }>({
  entity,
  tenantId,
  input,
  rows,
  hasMore,
  canEdit,
  labelOf,
}: {
  entity: CrmEntityType;
  tenantId: string;
  /** The list's input (null while it is not known). */
  input: ListInput | null;
  rows: R[];
  hasMore: boolean;
  canEdit: boolean;
  labelOf: (row: R) => string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const noun = ENTITY_LABEL[entity];
  const selection = useRowSelection(JSON.stringify(input?.filters ?? null));
  const { state } = selection;
  const order = rows.map((r) => r.id);
  const pageSelected = order.length > 0 && order.every((id) => isSelected(state, id));
  const count = useQuery(
    trpc.crm.bulk.count.queryOptions({ entityType: entity, filters: (input?.filters ?? {}) as Record<string, unknown> }, { enabled: Boolean(input) && (state.mode === "all" || (pageSelected && hasMore)) }),
  );
  const matching = count.data?.count ?? null;

  const [dialog, setDialog] = useState<BulkActionType | null>(null);
  const [draft, setDraft] = useState<BulkDraft>(EMPTY_DRAFT);
  const [formError, setFormError] = useState<string | null>(null);
  const [run, setRun] = useState<BulkRunView | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const members = useMembers();
  const pipelines = usePipelineStages(entity === "deal" && canEdit);
  const stageOutcome = pipelines.flatMap((p) => p.stages).find((s) => s.id === draft.stageId)?.outcome ?? null;

  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.crm.pathKey() });

  const mutation = useMutation(
    trpc.crm.bulk.run.mutationOptions({
      onSuccess: (result, variables) => {
        const verb = BULK_ACTION_LABEL[variables.action.type].verb;
        setDialog(null);
        selection.clear();
        if (result.mode === "done") {
          setRun({ kind: "report", report: result.report, verb });
          refresh();
        } else {
          setJobId(result.job.id);
          setRun({ kind: "job", status: result.job.status, processed: result.job.processed, report: result.job.report, failure: result.job.failure, verb });
        }
      },
      onError: (error) => setFormError(readServerError(error).message),
    }),
  );

  const job = useQuery(
    trpc.crm.bulk.get.queryOptions(
      { id: jobId ?? "" },
      { enabled: Boolean(jobId), refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : 1000) },
    ),
  );
  const cancel = useMutation(trpc.crm.bulk.cancel.mutationOptions({ onSettled: () => void job.refetch() }));
  const jobData = job.data;
  useEffect(() => {
    if (!jobData || jobData.id !== jobId) return;
    setRun((current) => (current?.kind === "job" ? { ...current, status: jobData.status, processed: jobData.processed, report: jobData.report, failure: jobData.failure } : current));
    if (jobData.status === "done" || jobData.status === "failed") {
      setJobId(null);
      void queryClient.invalidateQueries({ queryKey: trpc.crm.pathKey() });
    }
  }, [jobData, jobId, queryClient, trpc]);

  const rowSelection: RowSelection = {
    isSelected: (id) => isSelected(state, id),
    onToggle: (id, range) => selection.toggle(id, order, range),
    onToggleAll: selection.togglePage,
    labelOf: (id) => {
      const row = rows.find((r) => r.id === id);
      return row ? labelOf(row) : noun.one;
    },
  };

  const selected = selectedCount(state, matching);
  const howMany = selected === null ? `every ${noun.one} matching the filter` : countOf(selected, noun);
  const open = (type: BulkActionType) => {
    setDraft(EMPTY_DRAFT);
    setFormError(null);
    setDialog(type);
  };
  const submit = () => {
    if (!dialog || !input) return;
    const action = actionOf(dialog, draft, stageOutcome);
    if (typeof action === "string") return setFormError(action);
    setFormError(null);
    mutation.mutate({ entityType: entity, selection: selectionPayload(state, input), action });
  };

  const panel = (
    <>
      {run && (
        <BulkResult
          run={run}
          noun={noun}
          cancelling={cancel.isPending}
          onCancel={() => jobId && cancel.mutate({ id: jobId })}
          onDismiss={() => setRun(null)}
        />
      )}
      <BulkBar noun={noun} state={state} matching={matching} shownIds={order} hasMore={hasMore} onSelectAllMatching={selection.selectAllMatching} onClear={selection.clear}>
        {canEdit &&
          ACTIONS[entity].map((type) => (
            <Button key={type} type="button" variant={type === "delete" ? "danger" : "secondary"} onClick={() => open(type)}>
              {BULK_ACTION_LABEL[type].button}
            </Button>
          ))}
        <Button type="button" variant="secondary" disabled={!input} onClick={() => input && exportSelected(tenantId, entity, input, state)}>
          Export selected
        </Button>
      </BulkBar>
      {dialog && (
        <BulkDialog
          open
          title={`${BULK_ACTION_LABEL[dialog].title}: ${howMany}`}
          summary={
            dialog === "delete"
              ? `Deletes ${howMany}. Each goes through the same checks as deleting it on its own; those you may not delete are skipped.`
              : `Applies to ${howMany}. Each is changed as if edited on its own: the same checks and a history entry each; those that cannot be changed are skipped and listed.`
          }
          submitLabel={BULK_ACTION_LABEL[dialog].submit}
          tone={dialog === "delete" ? "danger" : "primary"}
          pending={mutation.isPending}
          error={formError}
          onSubmit={submit}
          onCancel={() => setDialog(null)}
        >
          <BulkFields type={dialog} draft={draft} onChange={setDraft} members={members.data ?? []} pipelines={pipelines} stageOutcome={stageOutcome} disabled={mutation.isPending} />
        </BulkDialog>
      )}
    </>
  );

  return { rowSelection, panel };
}
