"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CellError, useOptimisticRowUpdate, type CellEdit, type CellInput } from "@/components/records/inline-edit";
import { useTRPC } from "@/trpc/client";
import { customValueError, initialCustomValue, toServerValue } from "./custom-values";
import type { CustomFieldDef, Member } from "./types";

/*
 * The CRM lists' in-cell editors: each saves through the record's own update procedure
 * (the one its form uses), shows the new value in the list at once and puts the old one
 * back if the server refuses it.
 */

/** Saves `changes` (the update procedure's fields) of a record; `patch` is its list row as it will look. */
export type RowSaver = (id: string, changes: Record<string, unknown>, patch: Record<string, unknown>) => Promise<unknown>;

// The update procedures take their own input shapes; the editors build them field by field and the server checks them.
type AnyUpdate = (input: never) => Promise<unknown>;

function useSaver(listKey: readonly unknown[], update: AnyUpdate, recordKey: readonly unknown[]): RowSaver {
  const queryClient = useQueryClient();
  const optimistic = useOptimisticRowUpdate(listKey);
  return (id, changes, patch) =>
    optimistic(id, patch, async () => {
      const result = await update({ id, ...changes } as never);
      void queryClient.invalidateQueries({ queryKey: recordKey });
      return result;
    });
}

export function useContactSaver(): RowSaver {
  const trpc = useTRPC();
  const update = useMutation(trpc.crm.contacts.update.mutationOptions());
  return useSaver(trpc.crm.contacts.list.pathKey(), update.mutateAsync as AnyUpdate, trpc.crm.contacts.get.pathKey());
}

export function useCompanySaver(): RowSaver {
  const trpc = useTRPC();
  const update = useMutation(trpc.crm.companies.update.mutationOptions());
  return useSaver(trpc.crm.companies.list.pathKey(), update.mutateAsync as AnyUpdate, trpc.crm.companies.get.pathKey());
}

export function useDealSaver(): RowSaver {
  const trpc = useTRPC();
  const update = useMutation(trpc.crm.deals.update.mutationOptions());
  return useSaver(trpc.crm.deals.list.pathKey(), update.mutateAsync as AnyUpdate, trpc.crm.deals.get.pathKey());
}

type Row = { id: string };

/** One text value: `field` is both the update procedure's and the list row's name (empty clears it when `clear` says so). */
export function textEdit<R extends Row>(
  save: RowSaver,
  what: (row: R) => string,
  field: string & keyof R,
  options: { input?: Partial<Extract<CellInput, { kind: "text" }>>; send?: string; clearable?: boolean; shown?: (value: string) => unknown } = {},
): CellEdit<R> {
  return {
    label: what,
    inputs: (row) => [{ kind: "text", name: field, label: what(row), ...options.input }],
    initial: (row) => ({ [field]: String(row[field] ?? "") }),
    save: (row, values) => {
      const value = values[field]!.trim();
      const sent = value === "" && options.clearable ? null : value;
      return save(row.id, { [options.send ?? field]: sent }, { [field]: sent === null ? null : (options.shown?.(value) ?? value) });
    },
  };
}

/** The owner, out of the members (or nobody). */
export function ownerEdit<R extends Row & { ownerId: string | null; ownerName: string | null }>(save: RowSaver, members: Member[], name: (row: R) => string): CellEdit<R> {
  const what = (row: R) => `owner of ${name(row)}`;
  return {
    label: what,
    inputs: (row) => [
      {
        kind: "select",
        name: "ownerId",
        label: what(row),
        options: [
          { value: "", label: "No owner" },
          ...members.map((m) => ({ value: m.userId, label: m.name })),
          // An owner who left still shows as the current value.
          ...(row.ownerId && !members.some((m) => m.userId === row.ownerId) ? [{ value: row.ownerId, label: row.ownerName ?? "Former member", disabled: true }] : []),
        ],
      },
    ],
    initial: (row) => ({ ownerId: row.ownerId ?? "" }),
    save: (row, values) => {
      const ownerId = values.ownerId || null;
      return save(row.id, { ownerId }, { ownerId, ownerName: members.find((m) => m.userId === ownerId)?.name ?? null });
    },
  };
}

/** Custom field types edited in a cell; money (amount and currency) and multi-selects are edited on the record's page. */
const CELL_TYPES = new Set(["text", "number", "date", "single_select", "checkbox", "member"]);

export function customFieldEdit<R extends Row & { custom: Record<string, unknown> }>(save: RowSaver, field: CustomFieldDef, members: Member[], name: (row: R) => string): CellEdit<R> | undefined {
  if (!CELL_TYPES.has(field.type)) return undefined;
  const what = (row: R) => `${field.label} of ${name(row)}`;
  const empty = { value: "", label: field.required ? "Choose…" : "Empty" };
  const input = (row: R): CellInput => {
    switch (field.type) {
      case "single_select":
        return { kind: "select", name: "value", label: what(row), options: [empty, ...field.options.map((o) => ({ value: o, label: o }))] };
      case "checkbox":
        return { kind: "select", name: "value", label: what(row), options: [{ value: "false", label: "No" }, { value: "true", label: "Yes" }] };
      case "member":
        return { kind: "select", name: "value", label: what(row), options: [empty, ...members.map((m) => ({ value: m.userId, label: m.name }))] };
      case "date":
        return { kind: "text", type: "date", name: "value", label: what(row) };
      case "number":
        return { kind: "text", inputMode: "decimal", name: "value", label: what(row) };
      default:
        return { kind: "text", name: "value", label: what(row) };
    }
  };
  const initial = (row: R) => {
    const value = initialCustomValue(field, row.custom[field.key], "EUR");
    return { value: typeof value === "boolean" ? String(value) : typeof value === "string" ? value : "" };
  };
  return {
    label: what,
    inputs: (row) => [input(row)],
    initial,
    save: (row, values) => {
      const formValue = field.type === "checkbox" ? values.value === "true" : values.value!;
      const problem = customValueError(field, formValue);
      if (problem) return Promise.reject(new CellError(problem));
      const value = toServerValue(field, formValue);
      return save(row.id, { custom: { [field.key]: value } }, { custom: { ...row.custom, [field.key]: value } });
    },
  };
}
