"use client";

import clsx from "clsx";
import { Alert } from "@/components/ui/alert";
import { readServerError } from "@/components/ui/server-errors";
import type { ImportEntityConfig, ImportPreview, ImportRowAction } from "./import-types";
import { ScrollRegion } from "@/components/ui/scroll-region";

/* Step 3 of the import wizard: the first rows as the import would treat them, and the problems it names. */

/** The mapping problems the server listed (ValidationFailed on "mapping"), or its message. */
export function serverProblems(error: unknown): string[] {
  const { message, fieldErrors } = readServerError(error);
  const listed = Object.entries(fieldErrors).flatMap(([key, messages]) => (key === "mapping" || key === "_form" ? (messages ?? []) : (messages ?? []).map((m) => `${key}: ${m}`)));
  return listed.length ? listed : [message];
}

export function ProblemList({ title, problems }: { title: string; problems: string[] }) {
  return (
    <Alert>
      <p className="font-medium">{title}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </Alert>
  );
}

const ACTION_BADGE: Record<ImportRowAction, { label: string; style: string }> = {
  create: { label: "New", style: "bg-success-50 text-success-700 ring-success-700/25" },
  update: { label: "Update", style: "bg-brand-50 text-brand-700 ring-brand-600/25" },
  skip: { label: "Skip: duplicate", style: "bg-surface-sunken text-ink-muted ring-gray-300" },
  error: { label: "Error", style: "bg-danger-50 text-danger-700 ring-danger-600/30" },
};

export function PreviewTable({ preview, noun }: { preview: ImportPreview; noun: Pick<ImportEntityConfig, "one" | "many"> }) {
  const counts = { create: 0, update: 0, skip: 0, error: 0 };
  for (const row of preview.rows) counts[row.action]++;
  const matchedBy = new Map((preview.matches ?? []).map((m) => [m.rowNumber, m.matchedBy]));
  const many = noun.many;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-ink" role="status">
        Of the first {preview.rows.length} rows: {counts.create} new {counts.create === 1 ? noun.one : many}, {counts.update} to update,{" "}
        {counts.skip} duplicate{counts.skip === 1 ? "" : "s"} to skip, <span className={clsx(counts.error > 0 && "font-medium text-danger-700")}>{counts.error} with errors</span>.
      </p>
      {preview.rows.length === 0 ? (
        <p className="text-sm text-ink-muted">The file has no data rows under its header row.</p>
      ) : (
        <ScrollRegion label="Preview of the first rows" className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
          <table className="min-w-full divide-y divide-gray-200 text-sm">
            <caption className="sr-only">Preview of the first rows with the chosen mapping</caption>
            <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Row
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Result
                </th>
                {preview.headers.map((header) => (
                  <th key={header} scope="col" className="whitespace-nowrap px-3 py-2 font-medium normal-case">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 bg-white">
              {preview.rows.map((row) => (
                <tr key={row.rowNumber} className={clsx("align-top", row.action === "error" && "bg-danger-50/50")}>
                  <th scope="row" className="px-3 py-2 text-left font-normal tabular-nums text-ink-muted">
                    {row.rowNumber}
                  </th>
                  <td className="min-w-[12rem] max-w-sm px-3 py-2">
                    <span className={clsx("inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", ACTION_BADGE[row.action].style)}>
                      {ACTION_BADGE[row.action].label}
                    </span>
                    {row.reason && <p className="mt-1 text-xs text-danger-700">{row.reason}</p>}
                    {matchedBy.has(row.rowNumber) && <p className="mt-1 text-xs text-ink-muted">Same as an existing {noun.one}: {matchedBy.get(row.rowNumber)}</p>}
                  </td>
                  {preview.headers.map((header) => (
                    <td key={header} className="max-w-[14rem] truncate px-3 py-2 text-ink-muted" title={row.cells[header]}>
                      {row.cells[header] || <span className="text-ink-faint">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {counts.error > 0 && (
        <p className="text-xs text-ink-muted">Rows with errors are left out and listed with their reasons in the report; all other rows are imported.</p>
      )}
    </div>
  );
}
