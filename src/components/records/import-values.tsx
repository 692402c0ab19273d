"use client";

import { useId } from "react";
import type { DateOrder, ImportColumnValues, ImportPreview } from "./import-types";
import { useFormat } from "@/components/format/format-provider";

/*
 * Part of the preview step: for each column mapped to a field with a list of values
 * (lifecycle stage, owner, a select field), each distinct value of the file → an allowed
 * value or "leave empty", with the rows each choice affects; and, when dates read both
 * ways (03/04/2024), whether the day or the month comes first.
 */

/** The select's value for "keep the value as it is" (the row fails if it is not allowed). */
const KEEP = "\u0000keep";

export type ValueMapping = Record<string, Record<string, string>>;


function ColumnValuesTable({ column, chosen, onChange }: { column: ImportColumnValues; chosen: Record<string, string>; onChange: (value: string, target: string | null) => void }) {
  const format = useFormat();
  const headingId = useId();
  const effective = (v: ImportColumnValues["values"][number]) => (v.value in chosen ? chosen[v.value]! : (v.mappedTo ?? KEEP));
  const perChoice = new Map<string, number>();
  for (const v of column.values) perChoice.set(effective(v), (perChoice.get(effective(v)) ?? 0) + v.rows);
  const labelOf = (target: string) => (target === KEEP ? "kept as is (these rows fail)" : target === "" ? "left empty" : (column.choices.find((c) => c.value === target)?.label ?? target));
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h3 id={headingId} className="text-sm font-semibold text-ink">
        Values of “{column.header}” → {column.field.label}
      </h3>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-ink-muted">
            <th scope="col" className="py-1 pr-3 font-medium">
              Value in the file
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              Rows
            </th>
            <th scope="col" className="py-1 font-medium">
              Becomes
            </th>
          </tr>
        </thead>
        <tbody>
          {column.values.map((v) => (
            <tr key={v.value} className="border-t border-gray-100">
              <td className="py-1 pr-3 text-ink">{v.value}</td>
              <td className="py-1 pr-3 tabular-nums text-ink-muted">{format.number(v.rows)}</td>
              <td className="py-1">
                <select
                  aria-label={`“${v.value}” in ${column.header} becomes`}
                  value={effective(v)}
                  onChange={(event) => onChange(v.value, event.target.value === KEEP ? null : event.target.value)}
                  className="w-full rounded-md border border-gray-300 bg-white px-2 py-1 text-sm"
                >
                  {v.mappedTo === null && <option value={KEEP}>Choose a value (as is, the row fails)</option>}
                  <option value="">Leave empty</option>
                  {column.choices.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-ink-muted" aria-live="polite">
        {[...perChoice].map(([target, rows]) => `${labelOf(target)}: ${format.number(rows)} ${rows === 1 ? "row" : "rows"}`).join(" · ")}
        {column.complete ? "" : " (counted in the first part of the file)"}
      </p>
    </section>
  );
}

export function ImportValuesStep({
  preview,
  valueMapping,
  onValueMapping,
  dateOrder,
  onDateOrder,
}: {
  preview: ImportPreview;
  valueMapping: ValueMapping;
  onValueMapping: (next: ValueMapping) => void;
  dateOrder: DateOrder | undefined;
  onDateOrder: (order: DateOrder) => void;
}) {
  const name = useId();
  // Columns whose values all are allowed as they are need nothing from the user.
  const columns = (preview.values ?? []).filter((c) => c.header in valueMapping || c.values.some((v) => v.recognised === null || v.mappedTo !== v.recognised));
  const ambiguous = preview.dates?.ambiguous ?? [];
  if (!columns.length && !ambiguous.length) return null;
  const example = preview.dates?.example ?? "03/04/2024";
  return (
    <div className="flex flex-col gap-4 rounded-lg border border-gray-200 p-4">
      {columns.map((column) => (
        <ColumnValuesTable
          key={column.header}
          column={column}
          chosen={valueMapping[column.header] ?? {}}
          onChange={(value, target) => {
            const { [value]: _dropped, ...rest } = valueMapping[column.header] ?? {};
            onValueMapping({ ...valueMapping, [column.header]: target === null ? rest : { ...rest, [value]: target } });
          }}
        />
      ))}
      {ambiguous.length > 0 && (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-semibold text-ink">
            How should dates like {example} in {ambiguous.map((h) => `“${h}”`).join(", ")} be read?
          </legend>
          {(
            [
              ["dmy", "Day first (dd/mm/yyyy)"],
              ["mdy", "Month first (mm/dd/yyyy)"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm text-ink">
              <input type="radio" name={name} value={value} checked={dateOrder === value} onChange={() => onDateOrder(value)} className="accent-brand-600" />
              {label}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
