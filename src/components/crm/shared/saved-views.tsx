"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { useTRPC } from "@/trpc/client";
import { ENTITY_LABEL } from "./labels";
import { fromViewQuery, sameQuery, type ListInputQuery, type ListQuery } from "./list-query";
import { FilterSelect } from "./parts";
import { NameDialog } from "./name-dialog";
import type { ListEntity, SavedView } from "./types";

type Props = {
  entity: ListEntity;
  userId: string;
  query: ListQuery;
  viewId: string | null;
  /** The list input for the current filters (null while custom fields load). */
  input: ListInputQuery | null;
  onApply: (query: ListQuery, viewId: string | null) => void;
};

type Dialog = { kind: "create" } | { kind: "rename"; view: SavedView } | { kind: "delete"; view: SavedView } | null;

/**
 * Personal saved views of a list: pick one, save the current filters and sort as a new
 * view or into the chosen one, rename, delete. Every role may keep its own.
 */
export function SavedViews({ entity, userId, query, viewId, input, onApply }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQuery(trpc.crm.views.list.queryOptions({ entityType: entity }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | undefined>();
  const [status, setStatus] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.crm.views.list.queryFilter({ entityType: entity }));

  const create = useMutation(trpc.crm.views.create.mutationOptions());
  const update = useMutation(trpc.crm.views.update.mutationOptions());
  const remove = useMutation(trpc.crm.views.delete.mutationOptions());

  const list = views.data ?? [];
  const active = viewId ? list.find((v) => v.id === viewId) : undefined;
  const activeQuery = active ? fromViewQuery(active.query, userId, entity) : null;
  const modified = Boolean(activeQuery && !sameQuery(activeQuery, query));
  const labels = ENTITY_LABEL[entity];

  const close = () => {
    setDialog(null);
    setDialogError(undefined);
  };

  const saveNew = async (name: string) => {
    if (!input) return;
    try {
      const view = await create.mutateAsync({ entityType: entity, name, query: { filters: input.filters, sort: input.sort } });
      await refresh();
      close();
      onApply(query, view.id);
      setStatus({ tone: "ok", text: `Saved the view “${view.name}”.` });
    } catch (error) {
      setDialogError(readServerError(error).message);
    }
  };

  const saveChanges = async () => {
    if (!active || !input) return;
    try {
      await update.mutateAsync({ id: active.id, query: { filters: input.filters, sort: input.sort } });
      await refresh();
      setStatus({ tone: "ok", text: `Saved the changes to “${active.name}”.` });
    } catch (error) {
      setStatus({ tone: "error", text: `Could not save the view: ${readServerError(error).message}` });
    }
  };

  const rename = async (view: SavedView, name: string) => {
    try {
      await update.mutateAsync({ id: view.id, name });
      await refresh();
      close();
      setStatus({ tone: "ok", text: `Renamed the view to “${name}”.` });
    } catch (error) {
      setDialogError(readServerError(error).message);
    }
  };

  const destroy = async (view: SavedView) => {
    try {
      await remove.mutateAsync({ id: view.id });
      await refresh();
      close();
      if (view.id === viewId) onApply(query, null);
      setStatus({ tone: "ok", text: `Deleted the view “${view.name}”.` });
    } catch (error) {
      close();
      setStatus({ tone: "error", text: `Could not delete the view: ${readServerError(error).message}` });
    }
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <FilterSelect
          label="Saved view"
          className="w-full sm:w-64"
          value={active?.id ?? ""}
          disabled={views.isPending}
          onChange={(e) => {
            setStatus(null);
            const view = list.find((v) => v.id === e.target.value);
            onApply(view ? fromViewQuery(view.query, userId, entity) : { sort: { field: "updatedAt", direction: "desc" } }, view?.id ?? null);
          }}
        >
          <option value="">All {labels.many}</option>
          {list.map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </FilterSelect>
        {active && modified && (
          <>
            <Button type="button" variant="secondary" pending={update.isPending} disabled={!input} onClick={() => void saveChanges()}>
              Save changes to view
            </Button>
            <Button type="button" variant="ghost" onClick={() => activeQuery && onApply(activeQuery, active.id)}>
              Discard changes
            </Button>
          </>
        )}
        <Button type="button" variant="secondary" disabled={!input} onClick={() => setDialog({ kind: "create" })}>
          Save as new view…
        </Button>
        {active && (
          <>
            <Button type="button" variant="ghost" onClick={() => setDialog({ kind: "rename", view: active })}>
              Rename…
            </Button>
            <Button type="button" variant="ghost" className="text-danger-700! hover:bg-danger-50!" onClick={() => setDialog({ kind: "delete", view: active })}>
              Delete…
            </Button>
          </>
        )}
      </div>
      <p role="status" className={status?.tone === "error" ? "text-sm text-danger-700" : "text-sm text-success-700"}>
        {active && modified && !status ? <span className="text-ink-muted">The filters differ from the saved view “{active.name}”.</span> : status?.text}
      </p>
      {views.isError && <p className="text-sm text-danger-700">Could not load your saved views: {readServerError(views.error).message}</p>}

      <NameDialog
        open={dialog?.kind === "create"}
        title="Save as a new view"
        label="View name"
        description={`Saves the current filters and sort. Only you see your saved views.`}
        submitLabel="Save view"
        pending={create.isPending}
        error={dialogError}
        onSubmit={(name) => void saveNew(name)}
        onCancel={close}
      />
      <NameDialog
        open={dialog?.kind === "rename"}
        title="Rename view"
        label="View name"
        initialValue={dialog?.kind === "rename" ? dialog.view.name : ""}
        submitLabel="Rename"
        pending={update.isPending}
        error={dialogError}
        onSubmit={(name) => dialog?.kind === "rename" && void rename(dialog.view, name)}
        onCancel={close}
      />
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        title="Delete this view?"
        confirmLabel="Delete view"
        pending={remove.isPending}
        onConfirm={() => dialog?.kind === "delete" && void destroy(dialog.view)}
        onCancel={close}
      >
        {dialog?.kind === "delete" && <>The saved view “{dialog.view.name}” goes away. No {labels.many} are deleted.</>}
      </ConfirmDialog>
    </div>
  );
}
