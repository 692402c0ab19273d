"use client";

import clsx from "clsx";
import { useId, useState } from "react";
import { diffSnapshots, formatValue, prettyJson, type DiffKind, type DiffRow } from "./diff";

const KIND_LABELS: Record<Exclude<DiffKind, "unchanged">, string> = { added: "Added", removed: "Removed", changed: "Changed" };

const KIND_BADGES: Record<Exclude<DiffKind, "unchanged">, string> = {
  added: "bg-success-50 text-success-700 ring-success-700/25",
  removed: "bg-danger-50 text-danger-700 ring-danger-600/30",
  changed: "bg-amber-50 text-amber-800 ring-amber-600/25",
};

/** One side of a change: "− old" (red) or "+ new" (green); the sign and a hidden word carry it without colour. */
function DiffLine({ side, value }: { side: "before" | "after"; value: unknown }) {
  const removed = side === "before";
  return (
    <div
      className={clsx(
        "flex items-start gap-2 rounded px-2 py-1 font-mono text-xs",
        removed ? "bg-danger-50 text-danger-700" : "bg-success-50 text-success-700",
      )}
    >
      <span className="w-3 shrink-0 select-none text-center font-semibold" aria-hidden>
        {removed ? "−" : "+"}
      </span>
      <span className="sr-only">{removed ? "Before: " : "After: "}</span>
      <span className="min-w-0 whitespace-pre-wrap [overflow-wrap:anywhere]">{formatValue(value)}</span>
    </div>
  );
}

function ChangeItem({ row }: { row: DiffRow }) {
  if (row.kind === "unchanged") return null;
  return (
    <li className="grid gap-1.5 py-2.5 first:pt-0 last:pb-0 sm:grid-cols-[minmax(7rem,12rem)_1fr] sm:gap-4">
      <div className="flex min-w-0 flex-wrap items-center gap-2 sm:flex-col sm:items-start sm:gap-1">
        <code className="font-mono text-xs font-medium text-ink [overflow-wrap:anywhere]">{row.path}</code>
        <span className={clsx("rounded-full px-1.5 py-px text-[0.6875rem] font-medium ring-1 ring-inset", KIND_BADGES[row.kind])}>{KIND_LABELS[row.kind]}</span>
      </div>
      <div className="flex min-w-0 flex-col gap-1">
        {row.kind !== "added" && <DiffLine side="before" value={row.before} />}
        {row.kind !== "removed" && <DiffLine side="after" value={row.after} />}
      </div>
    </li>
  );
}

function RawJson({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <h5 className="text-xs font-medium text-ink-muted">{label}</h5>
      <pre className="mt-1 max-h-72 overflow-auto whitespace-pre-wrap rounded-lg border border-gray-200 bg-white p-3 font-mono text-xs text-ink [overflow-wrap:anywhere]">
        {prettyJson(value)}
      </pre>
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The before/after snapshots of an audit entry as a list of changed fields, with the unchanged ones and the raw JSON on request. */
export function SnapshotDiff({ before, after }: { before: unknown; after: unknown }) {
  const [showUnchanged, setShowUnchanged] = useState(false);
  const [showRaw, setShowRaw] = useState(false);
  const unchangedId = useId();
  const rawId = useId();
  const headingId = useId();

  const nothing = before == null && after == null;
  const rows = diffSnapshots(before, after);
  const changes = rows.filter((row) => row.kind !== "unchanged");
  const unchanged = rows.filter((row) => row.kind === "unchanged");
  const counts = (["added", "changed", "removed"] as const)
    .map((kind) => ({ kind, n: changes.filter((row) => row.kind === kind).length }))
    .filter(({ n }) => n > 0)
    .map(({ kind, n }) => `${n} ${KIND_LABELS[kind].toLowerCase()}`);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <h4 id={headingId} className="text-xs font-medium uppercase tracking-wide text-ink-faint">
            Changes
          </h4>
          {counts.length > 0 && <p className="text-xs text-ink-faint">{counts.join(" · ")}</p>}
        </div>
        {!nothing && (
          <button
            type="button"
            className="text-xs font-medium text-brand-700 hover:underline"
            aria-expanded={showRaw}
            aria-controls={rawId}
            onClick={() => setShowRaw((value) => !value)}
          >
            {showRaw ? "Hide raw JSON" : "Show raw JSON"}
          </button>
        )}
      </div>

      {nothing ? (
        <p className="text-sm text-ink-muted">No before or after snapshot was recorded for this entry.</p>
      ) : changes.length === 0 ? (
        <p className="text-sm text-ink-muted">Nothing changed between the before and after snapshots.</p>
      ) : (
        <ul aria-labelledby={headingId} className="flex flex-col divide-y divide-gray-200 rounded-lg border border-gray-200 bg-white p-3">
          {changes.map((row) => (
            <ChangeItem key={row.path} row={row} />
          ))}
        </ul>
      )}

      {unchanged.length > 0 && (
        <div>
          <button
            type="button"
            className="text-xs font-medium text-brand-700 hover:underline"
            aria-expanded={showUnchanged}
            aria-controls={unchangedId}
            onClick={() => setShowUnchanged((value) => !value)}
          >
            {showUnchanged ? "Hide" : "Show"} {plural(unchanged.length, "unchanged field")}
          </button>
          <dl id={unchangedId} hidden={!showUnchanged} className="mt-2 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[minmax(7rem,12rem)_1fr]">
            {unchanged.map((row) => (
              <div key={row.path} className="contents">
                <dt className="font-mono font-medium text-ink-muted [overflow-wrap:anywhere]">{row.path}</dt>
                <dd className="mb-1 font-mono text-ink [overflow-wrap:anywhere] sm:mb-0">{formatValue(row.after)}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}

      <div id={rawId} hidden={!showRaw} className="grid gap-3 sm:grid-cols-2">
        {showRaw && (
          <>
            <RawJson label="Before" value={before} />
            <RawJson label="After" value={after} />
          </>
        )}
      </div>
    </div>
  );
}
