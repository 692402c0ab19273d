"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { readServerError } from "@/components/ui/server-errors";
import type { ImportMutation, NewFieldGuess, NewFieldInput, NewFieldType } from "./import-types";

/*
 * "Import into a new field" for a column that matches no field: a name (the header), a
 * type guessed from the column's values (the user may change it) and, for select types,
 * the options (the column's distinct values, one per line, editable). The module creates
 * the field with its own service; the wizard then maps the column to it.
 */

const TYPE_LABEL: Record<NewFieldType, string> = {
  text: "Text",
  number: "Number",
  date: "Date",
  checkbox: "Checkbox (yes/no)",
  single_select: "Single select (one of a list)",
  multi_select: "Multi select (several of a list)",
};

const isSelect = (type: NewFieldType) => type === "single_select" || type === "multi_select";

type Props = {
  header: string;
  entityType: string;
  guess: NewFieldGuess | undefined;
  create: ImportMutation<NewFieldInput, { key: string }>;
  /** Called with the new field's key once it exists (the wizard maps the column to it). */
  onCreated: (key: string) => void | Promise<void>;
  onCancel: () => void;
};

export function NewFieldForm({ header, entityType, guess, create, onCreated, onCancel }: Props) {
  const id = useId();
  const [label, setLabel] = useState(header.slice(0, 60));
  const [type, setType] = useState<NewFieldType>(guess?.type ?? "text");
  const [options, setOptions] = useState((guess?.options ?? []).join("\n"));
  const [error, setError] = useState<string | null>(null);
  const optionList = [...new Set(options.split("\n").map((o) => o.trim()).filter(Boolean))];

  const submit = async () => {
    setError(null);
    if (!label.trim()) return setError("Give the field a name.");
    if (isSelect(type) && optionList.length === 0) return setError("A select field needs at least one option: one per line.");
    try {
      const field = await create.mutateAsync({ entityType, label: label.trim(), type, options: isSelect(type) ? optionList : [] });
      await onCreated(field.key);
    } catch (failure) {
      setError(readServerError(failure).message);
    }
  };

  return (
    <div role="group" aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-brand-200 bg-brand-50 p-4">
      <p id={`${id}-title`} className="text-sm font-medium text-ink">
        New field for the column “{header}”
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Field name" value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} />
        <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value as NewFieldType)} hint={guess ? `Suggested from the values: ${TYPE_LABEL[guess.type]}.` : undefined}>
          {(Object.keys(TYPE_LABEL) as NewFieldType[]).map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </SelectField>
      </div>
      {isSelect(type) && (
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-options`} className="text-sm font-medium text-ink">
            Options, one per line
          </label>
          <textarea
            id={`${id}-options`}
            rows={Math.min(8, Math.max(3, optionList.length))}
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            aria-describedby={`${id}-options-hint`}
            className="w-full rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm focus:border-brand-500"
          />
          <p id={`${id}-options-hint`} className="text-xs text-ink-muted">
            {optionList.length} option{optionList.length === 1 ? "" : "s"}, taken from the distinct values in the file. Add the ones you want to allow later; a row with a value that is not an option is refused.
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm font-medium text-danger-700">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="button" pending={create.isPending} onClick={() => void submit()}>
          Create the field and map the column
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
