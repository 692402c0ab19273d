"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import clsx from "clsx";
import { useCallback, useId, useRef, useState } from "react";
import { readServerError } from "@/components/ui/server-errors";

/*
 * Editing a record list's cell in place. A cell with an editor is a button (or, when its
 * content has links, carries a small edit button): click or Enter opens the editor in the
 * cell; Enter or leaving it saves through the record's own update procedure, Escape
 * cancels, and focus comes back to the cell. The list shows the new value at once and
 * goes back to the old one if the server refuses it, with its message in the cell.
 */

export type CellInput =
  | { kind: "text"; name: string; label: string; inputMode?: "text" | "email" | "tel" | "decimal" | "numeric"; type?: "text" | "date"; placeholder?: string }
  | { kind: "select"; name: string; label: string; options: { value: string; label: string; disabled?: boolean }[] };

export type CellValues = Record<string, string>;

/** A value refused before it is sent (e.g. an amount that is not a number): its message shows in the cell. */
export class CellError extends Error {}

/** What the cell says about a refusal: a field's own message when the server gave one. */
export function cellErrorMessage(failure: unknown): string {
  if (failure instanceof CellError) return failure.message;
  const { message, fieldErrors } = readServerError(failure);
  return Object.values(fieldErrors).flat().find(Boolean) ?? message;
}

export type CellEdit<Row> = {
  /** What is edited, in words: "email of Ann Lee". */
  label: (row: Row) => string;
  inputs: (row: Row) => CellInput[];
  /** The inputs' values when the editor opens, by input name. */
  initial: (row: Row) => CellValues;
  /** Saves; rejects with the server's (or a local) error, after putting the list back as it was. */
  save: (row: Row, values: CellValues) => Promise<unknown>;
  /** The cell's content has links of its own: editing starts from a separate button. */
  hasLinks?: boolean;
  /** Rows whose value cannot be edited here (the column shows the value only). */
  editable?: (row: Row) => boolean;
};

/** A list's rows in TanStack's infinite query data, with one row changed. */
export function patchListRows<Data>(data: Data, id: string, patch: Record<string, unknown>): Data {
  const pages = (data as { pages?: { items?: { id: string }[] }[] } | undefined)?.pages;
  if (!pages) return data;
  return {
    ...data,
    pages: pages.map((page) => (page.items ? { ...page, items: page.items.map((row) => (row.id === id ? { ...row, ...patch } : row)) } : page)),
  };
}

/**
 * An optimistic change to a row of every cached page of a list (`listKey`: the list
 * procedure's path key): shown at once, kept when `write` succeeds, undone when it fails.
 * The list is marked stale (not refetched) so the row keeps its place until the next visit.
 */
export function useOptimisticRowUpdate(listKey: QueryKey) {
  const queryClient = useQueryClient();
  return useCallback(
    async <T,>(id: string, patch: Record<string, unknown>, write: () => Promise<T>): Promise<T> => {
      await queryClient.cancelQueries({ queryKey: listKey });
      const before = queryClient.getQueriesData({ queryKey: listKey });
      queryClient.setQueriesData({ queryKey: listKey }, (data: unknown) => patchListRows(data, id, patch));
      try {
        const result = await write();
        void queryClient.invalidateQueries({ queryKey: listKey, refetchType: "none" });
        return result;
      } catch (error) {
        for (const [key, data] of before) queryClient.setQueryData(key, data);
        throw error;
      }
    },
    [queryClient, listKey],
  );
}

function PencilIcon() {
  return (
    <svg viewBox="0 0 24 24" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d="M4 20h4L19 9l-4-4L4 16v4ZM13.5 6.5l4 4" />
    </svg>
  );
}

const inputClass = "w-full min-w-[8rem] rounded border border-gray-300 bg-white px-2 py-1 text-sm text-ink shadow-sm focus:border-brand-500";

/** A cell's content, and its editor when the row may be edited. */
export function EditableCell<Row>({ row, edit, children }: { row: Row; edit: CellEdit<Row>; children: React.ReactNode }) {
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<CellValues>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const done = useRef(false);
  const errorId = useId();
  const label = edit.label(row);

  const focusTrigger = () => requestAnimationFrame(() => triggerRef.current?.focus());
  const focusEditor = () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("input, select")?.focus());

  const open = () => {
    done.current = false;
    setValues(edit.initial(row));
    setError(null);
    setEditing(true);
    focusEditor();
  };

  const cancel = () => {
    done.current = true;
    setEditing(false);
    setError(null);
    focusTrigger();
  };

  const save = async (refocus: boolean) => {
    if (done.current) return;
    done.current = true;
    const initial = edit.initial(row);
    if (Object.keys(values).every((name) => values[name] === (initial[name] ?? ""))) {
      setEditing(false);
      setError(null);
      if (refocus) focusTrigger();
      return;
    }
    setEditing(false);
    setPending(true);
    try {
      await edit.save(row, values);
      setError(null);
      if (refocus) focusTrigger();
    } catch (failure) {
      // The list is back to the old value; the editor reopens with what was typed and why it was refused.
      done.current = false;
      setError(cellErrorMessage(failure));
      setEditing(true);
      if (refocus) focusEditor(); // left by Tab or a click elsewhere: the error shows without pulling focus back
    } finally {
      setPending(false);
    }
  };

  if (editing) {
    const inputs = edit.inputs(row);
    return (
      <form
        ref={formRef}
        noValidate
        aria-label={`Edit ${label}`}
        className="flex min-w-[10rem] flex-col gap-1"
        onSubmit={(event) => {
          event.preventDefault();
          void save(true);
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            cancel();
          } else if (event.key === "Enter" && (event.target as HTMLElement).tagName === "SELECT") {
            event.preventDefault();
            void save(true);
          }
        }}
        onBlur={(event) => {
          // Leaving the editor saves; moving between its own inputs and buttons does not.
          if (!formRef.current?.contains(event.relatedTarget as Node | null)) void save(false);
        }}
      >
        <div className="flex items-start gap-1">
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            {inputs.map((input) =>
              input.kind === "select" ? (
                <select
                  key={input.name}
                  aria-label={input.label}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                  className={inputClass}
                  value={values[input.name] ?? ""}
                  onChange={(event) => setValues({ ...values, [input.name]: event.target.value })}
                >
                  {input.options.map((option) => (
                    <option key={option.value} value={option.value} disabled={option.disabled}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  key={input.name}
                  type={input.type ?? "text"}
                  inputMode={input.inputMode}
                  aria-label={input.label}
                  placeholder={input.placeholder}
                  autoComplete="off"
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                  className={inputClass}
                  value={values[input.name] ?? ""}
                  onChange={(event) => setValues({ ...values, [input.name]: event.target.value })}
                />
              ),
            )}
          </div>
          <button type="submit" className="inline-flex size-7 shrink-0 items-center justify-center rounded text-brand-700 hover:bg-brand-50" aria-label="Save">
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
              <path d="m5 12.5 4.5 4.5L19 7.5" />
            </svg>
          </button>
          <button type="button" className="inline-flex size-7 shrink-0 items-center justify-center rounded text-ink-muted hover:bg-surface-sunken" aria-label="Cancel" onClick={cancel}>
            <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" aria-hidden>
              <path d="M6 6l12 12M18 6 6 18" />
            </svg>
          </button>
        </div>
        {error && (
          <p id={errorId} role="alert" className="text-xs font-normal normal-case text-danger-700">
            {error}
          </p>
        )}
      </form>
    );
  }

  if (edit.hasLinks) {
    return (
      <div className="group/cell flex items-start gap-1" aria-busy={pending || undefined}>
        <div className={clsx("min-w-0 flex-1", pending && "opacity-70")}>{children}</div>
        <button
          ref={triggerRef}
          type="button"
          onClick={open}
          aria-label={`Edit ${label}`}
          title={`Edit ${label}`}
          className="inline-flex size-6 shrink-0 items-center justify-center rounded text-ink-muted opacity-0 hover:bg-surface-sunken hover:text-ink focus-visible:opacity-100 group-hover/cell:opacity-100 [@media(hover:none)]:opacity-100"
        >
          <PencilIcon />
        </button>
      </div>
    );
  }

  return (
    <button
      ref={triggerRef}
      type="button"
      onClick={open}
      aria-busy={pending || undefined}
      title={`Edit ${label}`}
      className={clsx("-mx-1 -my-0.5 block w-[calc(100%+0.5rem)] rounded px-1 py-0.5 text-left hover:bg-surface-sunken hover:ring-1 hover:ring-gray-200", pending && "opacity-70")}
    >
      {children}
      <span className="sr-only">, edit {label}</span>
    </button>
  );
}
