import clsx from "clsx";
import { isCancelled } from "./import-format";
import type { ImportState } from "./import-types";
import { useFormat } from "@/components/format/format-provider";

/* Pieces the import wizard, its progress page and the import history share. */

const BADGE = {
  draft: { label: "Not started", style: "bg-surface-sunken text-ink-muted ring-gray-300" },
  queued: { label: "Queued", style: "bg-amber-50 text-amber-800 ring-amber-600/25" },
  running: { label: "Importing", style: "bg-brand-50 text-brand-700 ring-brand-600/25" },
  done: { label: "Done", style: "bg-success-50 text-success-700 ring-success-700/25" },
  failed: { label: "Failed", style: "bg-danger-50 text-danger-700 ring-danger-600/30" },
  cancelled: { label: "Cancelled", style: "bg-surface-sunken text-ink-muted ring-gray-300" },
} satisfies Record<ImportState | "cancelled", { label: string; style: string }>;

export function ImportStatusBadge({ item }: { item: { state: ImportState; failure: string | null } }) {
  const badge = BADGE[isCancelled(item) ? "cancelled" : item.state];
  return (
    <span className={clsx("inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", badge.style)}>
      {item.state === "running" && <span className="size-2.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />}
      {badge.label}
    </span>
  );
}

/** A horizontal progress bar; `value` null draws an indeterminate one (waiting for the worker). */
export function ProgressBar({ value, label, className }: { value: number | null; label: string; className?: string }) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      aria-valuetext={value === null ? "Waiting to start" : `${value} %`}
      className={clsx("h-2.5 w-full overflow-hidden rounded-full bg-surface-sunken", className)}
    >
      {value === null ? (
        <div className="h-full w-1/3 animate-pulse rounded-full bg-brand-300" />
      ) : (
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${value}%` }} />
      )}
    </div>
  );
}

export const WIZARD_STEPS = ["Upload", "Map columns", "Preview", "Import"] as const;

/** Where the wizard is: done steps ticked, the current one marked for assistive technology. */
export function WizardSteps({ current }: { current: number }) {
  return (
    <nav aria-label="Import steps">
      <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        {WIZARD_STEPS.map((step, index) => {
          const state = index < current ? "done" : index === current ? "current" : "todo";
          return (
            <li key={step} className="flex items-center gap-2" aria-current={state === "current" ? "step" : undefined}>
              {index > 0 && <span className="h-px w-4 bg-gray-300 sm:w-8" aria-hidden />}
              <span
                className={clsx(
                  "flex size-6 items-center justify-center rounded-full text-xs font-semibold",
                  state === "done" && "bg-brand-600 text-white",
                  state === "current" && "bg-brand-50 text-brand-700 ring-2 ring-brand-600",
                  state === "todo" && "bg-surface-sunken text-ink-faint",
                )}
                aria-hidden
              >
                {state === "done" ? "✓" : index + 1}
              </span>
              <span className={clsx(state === "current" ? "font-medium text-ink" : "text-ink-muted")}>
                {step}
                {state === "done" && <span className="sr-only"> (done)</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The four result counts as tiles. */
export function ImportCounts({ item }: { item: { createdCount: number; updatedCount: number; skippedCount: number; errorCount: number } }) {
  const formatCount = useFormat().number;
  const tiles = [
    { key: "created", label: "Imported", value: item.createdCount, hint: "New records" },
    { key: "updated", label: "Updated", value: item.updatedCount, hint: "Existing records" },
    { key: "skipped", label: "Skipped", value: item.skippedCount, hint: "Duplicates left alone" },
    { key: "failed", label: "Failed", value: item.errorCount, hint: "Rows with errors", alert: item.errorCount > 0 },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {tiles.map((tile) => (
        <div key={tile.key} className={clsx("rounded-card border p-4", tile.alert ? "border-danger-600/40 bg-danger-50" : "border-gray-200 bg-white")}>
          <dt className={clsx("text-xs font-medium uppercase tracking-wide", tile.alert ? "text-danger-700" : "text-ink-faint")}>{tile.label}</dt>
          <dd className={clsx("mt-1 text-2xl font-semibold tabular-nums", tile.alert ? "text-danger-700" : "text-ink")}>{formatCount(tile.value)}</dd>
          <dd className={clsx("text-xs", tile.alert ? "text-danger-700" : "text-ink-muted")}>{tile.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
