"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";
import { BulkBar, countOf } from "@/components/records/bulk-bar";
import { BulkDialog } from "@/components/records/bulk-dialog";
import { BulkResult, type BulkRunView } from "@/components/records/bulk-result";
import type { RowSelection } from "@/components/records/record-table";
import { isSelected, selectedCount, useRowSelection, type SelectionState } from "@/components/records/row-selection";
import type { SavedViewsStore } from "@/components/records/saved-views";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";

/*
 * The product list's saved views, CSV export and bulk actions, on the records UI (the
 * CRM's saved-views-store.ts and bulk-actions.tsx are the model): the table's selection,
 * the bar with the actions the member may take (viewers: export only), each action's
 * dialog, and the result (or the background run's progress, polled until it ends).
 */

const NOUN = { one: "product", many: "products" };

type ListInput = { filters: Record<string, unknown>; sort: object };

/** The product list as CSV, exactly as filtered and sorted (GET: a plain link downloads it with the session cookie). */
export function productExportHref(tenantId: string, input: ListInput): string {
  const params = new URLSearchParams({ tenant: tenantId, filters: JSON.stringify(input.filters), sort: JSON.stringify(input.sort) });
  return `/api/inventory/export?${params.toString()}`;
}

/** Downloads the selected products as CSV: a form POST (thousands of ids do not fit in a link). */
function exportSelected(tenantId: string, input: ListInput, state: SelectionState) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = `/api/inventory/export?tenant=${encodeURIComponent(tenantId)}`;
  form.enctype = "multipart/form-data";
  form.hidden = true;
  const fields = {
    filters: JSON.stringify(input.filters),
    sort: JSON.stringify(input.sort),
    selection: JSON.stringify(state.mode === "ids" ? { ids: [...state.ids] } : { excludeIds: [...state.excluded] }),
  };
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

/**
 * A stored view's filters as the list's URL state reads them: the list procedure takes
 * `active`, `lotTracked` and `lowStock` as booleans, the URL as "yes"/"no" (fromStoredView
 * copies only text and lists).
 */
function storedFiltersAsText(filters: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((filters ?? {}) as Record<string, unknown>)) out[key] = typeof value === "boolean" ? (value ? "yes" : "no") : value;
  return out;
}

/** The viewer's saved views of the product list, kept by `inventory.views.*`. */
export function useProductSavedViews(): SavedViewsStore {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const entityType = "product" as const;
  const views = useQuery(trpc.inventory.views.list.queryOptions({ entityType }));
  const refresh = () => queryClient.invalidateQueries(trpc.inventory.views.list.queryFilter({ entityType }));
  const create = useMutation(trpc.inventory.views.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.inventory.views.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.inventory.views.delete.mutationOptions({ onSuccess: refresh }));
  const list = useMemo(() => (views.data ?? []).map((v) => ({ ...v, query: { ...v.query, filters: storedFiltersAsText(v.query.filters) } })), [views.data]);
  return {
    views: list,
    loading: views.isPending,
    loadError: views.isError ? views.error : null,
    create: (name, query) => create.mutateAsync({ entityType, name, query }),
    update: (id, changes) => update.mutateAsync({ id, ...changes }),
    remove: (id) => remove.mutateAsync({ id }),
    pending: { create: create.isPending, update: update.isPending, remove: remove.isPending },
  };
}

type BulkActionType = "activate" | "deactivate" | "setCategory" | "delete";

const ACTION_LABEL: Record<BulkActionType, { button: string; title: string; submit: string }> = {
  activate: { button: "Activate", title: "Activate", submit: "Activate" },
  deactivate: { button: "Deactivate", title: "Deactivate", submit: "Deactivate" },
  setCategory: { button: "Set category", title: "Set the category", submit: "Set category" },
  delete: { button: "Delete", title: "Delete", submit: "Delete" },
};

const ACTIONS: BulkActionType[] = ["activate", "deactivate", "setCategory", "delete"];

function actionOf(type: BulkActionType, category: string) {
  if (type === "activate") return { type: "setActive" as const, active: true };
  if (type === "deactivate") return { type: "setActive" as const, active: false };
  if (type === "setCategory") return { type: "setCategory" as const, category: category.trim() || null };
  return { type: "delete" as const };
}

function CategoryField({ value, onChange, categories, disabled }: { value: string; onChange: (value: string) => void; categories: string[]; disabled: boolean }) {
  const listId = useId();
  return (
    <>
      <TextField
        label="Category"
        value={value}
        list={listId}
        maxLength={100}
        disabled={disabled}
        autoFocus
        hint="Leave it empty to take the products out of their category."
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </>
  );
}

export function useProductBulk<R extends { id: string }>({
  tenantId,
  input,
  rows,
  hasMore,
  canEdit,
  labelOf,
  categories,
}: {
  tenantId: string;
  /** The list's input. */
  input: ListInput;
  rows: R[];
  hasMore: boolean;
  canEdit: boolean;
  labelOf: (row: R) => string;
  categories: string[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selection = useRowSelection(JSON.stringify(input.filters));
  const { state } = selection;
  const order = rows.map((r) => r.id);
  const pageSelected = order.length > 0 && order.every((id) => isSelected(state, id));
  const count = useQuery(trpc.inventory.bulk.count.queryOptions({ entityType: "product", filters: input.filters }, { enabled: state.mode === "all" || (pageSelected && hasMore) }));
  const matching = count.data?.count ?? null;

  const [dialog, setDialog] = useState<BulkActionType | null>(null);
  const [category, setCategory] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [run, setRun] = useState<BulkRunView | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() });

  const mutation = useMutation(
    trpc.inventory.bulk.run.mutationOptions({
      onSuccess: (result, variables) => {
        const { action } = variables;
        const verb = action.type === "setActive" ? (action.active ? "activated" : "deactivated") : action.type === "delete" ? "deleted" : "updated";
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
    trpc.inventory.bulk.get.queryOptions(
      { id: jobId ?? "" },
      { enabled: Boolean(jobId), refetchInterval: (query) => (query.state.data && (query.state.data.status === "done" || query.state.data.status === "failed") ? false : 1000) },
    ),
  );
  const cancel = useMutation(trpc.inventory.bulk.cancel.mutationOptions({ onSettled: () => void job.refetch() }));
  const jobData = job.data;
  useEffect(() => {
    if (!jobData || jobData.id !== jobId) return;
    setRun((current) => (current?.kind === "job" ? { ...current, status: jobData.status, processed: jobData.processed, report: jobData.report, failure: jobData.failure } : current));
    if (jobData.status === "done" || jobData.status === "failed") {
      setJobId(null);
      void queryClient.invalidateQueries({ queryKey: trpc.inventory.pathKey() });
    }
  }, [jobData, jobId, queryClient, trpc]);

  const rowSelection: RowSelection = {
    isSelected: (id) => isSelected(state, id),
    onToggle: (id, range) => selection.toggle(id, order, range),
    onToggleAll: selection.togglePage,
    labelOf: (id) => {
      const row = rows.find((r) => r.id === id);
      return row ? labelOf(row) : NOUN.one;
    },
  };

  const selected = selectedCount(state, matching);
  const howMany = selected === null ? "every product matching the filter" : countOf(selected, NOUN);
  const open = (type: BulkActionType) => {
    setCategory("");
    setFormError(null);
    setDialog(type);
  };
  const submit = () => {
    if (!dialog) return;
    setFormError(null);
    const payload = state.mode === "ids" ? { ids: [...state.ids] } : { filters: input.filters, excludeIds: [...state.excluded] };
    mutation.mutate({ entityType: "product", selection: payload, action: actionOf(dialog, category) });
  };

  const summary = (type: BulkActionType) =>
    type === "delete"
      ? `Moves ${howMany} to the trash, each as if deleted on its own (restorable from Inventory → Trash for 30 days).`
      : type === "setCategory"
        ? `Sets the category of ${howMany}. Each is changed as if edited on its own, with a history entry each; those that cannot be changed are skipped and listed.`
        : `${type === "activate" ? "Activates" : "Deactivates"} ${howMany}. Each is changed as if edited on its own, with a history entry each; those already so are left as they are.`;

  const panel = (
    <>
      {run && <BulkResult run={run} noun={NOUN} cancelling={cancel.isPending} onCancel={() => jobId && cancel.mutate({ id: jobId })} onDismiss={() => setRun(null)} />}
      <BulkBar noun={NOUN} state={state} matching={matching} shownIds={order} hasMore={hasMore} onSelectAllMatching={selection.selectAllMatching} onClear={selection.clear}>
        {canEdit &&
          ACTIONS.map((type) => (
            <Button key={type} type="button" variant={type === "delete" ? "danger" : "secondary"} onClick={() => open(type)}>
              {ACTION_LABEL[type].button}
            </Button>
          ))}
        <Button type="button" variant="secondary" onClick={() => exportSelected(tenantId, input, state)}>
          Export selected
        </Button>
      </BulkBar>
      {dialog && (
        <BulkDialog
          open
          title={`${ACTION_LABEL[dialog].title}: ${howMany}`}
          summary={summary(dialog)}
          submitLabel={ACTION_LABEL[dialog].submit}
          tone={dialog === "delete" ? "danger" : "primary"}
          pending={mutation.isPending}
          error={formError}
          onSubmit={submit}
          onCancel={() => setDialog(null)}
        >
          {dialog === "setCategory" && <CategoryField value={category} onChange={setCategory} categories={categories} disabled={mutation.isPending} />}
        </BulkDialog>
      )}
    </>
  );

  return { rowSelection, panel };
}
