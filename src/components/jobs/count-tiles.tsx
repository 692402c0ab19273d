"use client";

import clsx from "clsx";
import type { JobCounts } from "./status";
import { useFormat } from "@/components/format/format-provider";

type Tile = { key: string; label: string; value: number; detail?: string; alert?: boolean };

function tiles(counts: JobCounts): Tile[] {
  return [
    { key: "pending", label: "Pending", value: counts.pending },
    { key: "running", label: "Running", value: counts.running },
    {
      key: "delivered",
      label: "Done / sent",
      value: counts.done + counts.sent,
      detail: counts.sent > 0 ? `${counts.done} done · ${counts.sent} sent to Inngest` : undefined,
    },
    { key: "dead", label: "Dead", value: counts.dead, alert: counts.dead > 0, detail: counts.dead > 0 ? "Needs a look: retry once fixed" : undefined },
  ];
}


/** Events of this organization by status (all time, not only the listed page). */
export function CountTiles({ counts }: { counts: JobCounts | undefined }) {
  const format = useFormat();
  if (!counts) {
    return (
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-hidden>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-[5.25rem] animate-pulse rounded-card bg-surface-sunken" />
        ))}
      </div>
    );
  }
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4" aria-label="Events by status">
      {tiles(counts).map((tile) => (
        <div
          key={tile.key}
          className={clsx(
            "rounded-card border p-4 shadow-sm",
            tile.alert ? "border-danger-600/40 bg-danger-50" : "border-gray-200 bg-white",
          )}
        >
          <dt className={clsx("text-xs font-medium uppercase tracking-wide", tile.alert ? "text-danger-700" : "text-ink-faint")}>{tile.label}</dt>
          <dd className={clsx("mt-1 text-2xl font-semibold tabular-nums", tile.alert ? "text-danger-700" : "text-ink")}>{format.number(tile.value)}</dd>
          {tile.detail && <dd className={clsx("mt-0.5 text-xs", tile.alert ? "text-danger-700" : "text-ink-muted")}>{tile.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}
