"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/orgs/confirm-dialog";
import { Button } from "@/components/ui/button";
import { readServerError } from "@/components/ui/server-errors";
import { fromStoredView, sameListState, type ListSpec, type ListStateBase } from "./list-state";
import { NameDialog } from "./name-dialog";
import { FilterSelect } from "./parts";

export type SavedView = { id: string; name: string; query: Record<string, unknown> };
/** What a saved view keeps: the list procedure's filters and sort, and the columns shown (keys in order) when chosen. */
export type StoredListQuery = { filters: Record<string, unknown>; sort: unknown; columns?: string[] };

/**
 * Where a module keeps its saved views (its procedures, behind one hook). Each write
 * resolves once the list of views is fresh again.
 */
export type SavedViewsStore = {
  views: SavedView[];
  loading: boolean;
  loadError: unknown;
  create: (name: string, query: StoredListQuery) => Promise<SavedView>;
  update: (id: string, changes: { name?: string; query?: StoredListQuery }) => Promise<unknown>;
  remove: (id: string) => Promise<unknown>;
  pending: { create: boolean; update: boolean; remove: boolean };
};

type Props<Q extends ListStateBase> = {
  store: SavedViewsStore;
  spec: ListSpec<Q>;
  /** The records listed, plural ("contacts"). */
  many: string;
  userId: string;
  query: Q;
  viewId: string | null;
  /** The list input for the current filters (null while custom fields load). */
  input: StoredListQuery | null;
  onApply: (query: Q, viewId: string | null) => void;
  /** The columns chosen (null: the default ones), saved with the view; `modified` when they differ from the shown view's. */
  columns?: { choice: readonly string[] | null; modified: boolean };
};

type Dialog = { kind: "create" } | { kind: "rename"; view: SavedView } | { kind: "delete"; view: SavedView } | null;

/**
 * Personal saved views of a list: pick one, save the current filters and sort as a new
 * view or into the chosen one, rename, delete. Every role may keep its own.
 */
export function SavedViews<Q extends ListStateBase>({ store, spec, many, userId, query, viewId, input, onApply, columns }: Props<Q>) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | undefined>();
  const [status, setStatus] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  const list = store.views;
  const active = viewId ? list.find((v) => v.id === viewId) : undefined;
  const activeQuery = active ? fromStoredView(spec, active.query, userId) : null;
  const modified = Boolean(activeQuery && (!sameListState(spec, activeQuery, query) || columns?.modified));
  // What is saved: the filters and sort, and the columns when the viewer chose some.
  const stored = (list: StoredListQuery): StoredListQuery => ({ filters: list.filters, sort: list.sort, ...(columns?.choice ? { columns: [...columns.choice] } : {}) });

  const close = () => {
    setDialog(null);
    setDialogError(undefined);
  };

  const saveNew = async (name: string) => {
    if (!input) return;
    try {
      const view = await store.create(name, stored(input));
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
      await store.update(active.id, { query: stored(input) });
      setStatus({ tone: "ok", text: `Saved the changes to “${active.name}”.` });
    } catch (error) {
      setStatus({ tone: "error", text: `Could not save the view: ${readServerError(error).message}` });
    }
  };

  const rename = async (view: SavedView, name: string) => {
    try {
      await store.update(view.id, { name });
      close();
      setStatus({ tone: "ok", text: `Renamed the view to “${name}”.` });
    } catch (error) {
      setDialogError(readServerError(error).message);
    }
  };

  const destroy = async (view: SavedView) => {
    try {
      await store.remove(view.id);
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
          disabled={store.loading}
          onChange={(e) => {
            setStatus(null);
            const view = list.find((v) => v.id === e.target.value);
            onApply(view ? fromStoredView(spec, view.query, userId) : ({ sort: spec.defaultSort } as Q), view?.id ?? null);
          }}
        >
          <option value="">All {many}</option>
          {list.map((view) => (
            <option key={view.id} value={view.id}>
              {view.name}
            </option>
          ))}
        </FilterSelect>
        {active && modified && (
          <>
            <Button type="button" variant="secondary" pending={store.pending.update} disabled={!input} onClick={() => void saveChanges()}>
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
        {active && modified && !status ? <span className="text-ink-muted">The filters or columns differ from the saved view “{active.name}”.</span> : status?.text}
      </p>
      {store.loadError != null && <p className="text-sm text-danger-700">Could not load your saved views: {readServerError(store.loadError).message}</p>}

      <NameDialog
        open={dialog?.kind === "create"}
        title="Save as a new view"
        label="View name"
        description={`Saves the current filters, sort and columns. Only you see your saved views.`}
        submitLabel="Save view"
        pending={store.pending.create}
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
        pending={store.pending.update}
        error={dialogError}
        onSubmit={(name) => dialog?.kind === "rename" && void rename(dialog.view, name)}
        onCancel={close}
      />
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        title="Delete this view?"
        confirmLabel="Delete view"
        pending={store.pending.remove}
        onConfirm={() => dialog?.kind === "delete" && void destroy(dialog.view)}
        onCancel={close}
      >
        {dialog?.kind === "delete" && <>The saved view “{dialog.view.name}” goes away. No {many} are deleted.</>}
      </ConfirmDialog>
    </div>
  );
}
