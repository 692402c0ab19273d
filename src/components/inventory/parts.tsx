"use client";

import clsx from "clsx";
import { ScrollRegion } from "@/components/ui/scroll-region";

/* Small pieces of the inventory pages. */

export function Badge({ tone = "gray", children }: { tone?: "gray" | "amber" | "red" | "green" | "brand"; children: React.ReactNode }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        tone === "gray" && "bg-surface-sunken text-ink-muted ring-gray-300",
        tone === "amber" && "bg-amber-50 text-amber-800 ring-amber-600/30",
        tone === "red" && "bg-danger-50 text-danger-700 ring-danger-600/30",
        tone === "green" && "bg-success-50 text-success-700 ring-success-700/30",
        tone === "brand" && "bg-brand-50 text-brand-800 ring-brand-300",
      )}
    >
      {children}
    </span>
  );
}

export function LowStockBadge() {
  return <Badge tone="amber">Low stock</Badge>;
}

/** A card with a heading (h2) that names its region. */
export function Section({ id, title, action, description, children }: { id: string; title: string; action?: React.ReactNode; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={id} className="text-base font-semibold text-ink">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-sm text-ink-muted">{description}</p>}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

/** A plain data table's frame: scrolls sideways on narrow screens (reachable by keyboard); headers are the caller's. */
export function TableFrame({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <ScrollRegion label={caption} className="-mx-5 overflow-x-auto border-y border-gray-200 sm:mx-0 sm:rounded-lg sm:border">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </ScrollRegion>
  );
}

export const TH = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-ink-faint first:pl-4 last:pr-4";
export const TH_NUM = "px-3 py-2 text-right text-xs font-medium uppercase tracking-wide text-ink-faint first:pl-4 last:pr-4";
export const TD = "px-3 py-2.5 align-top first:pl-4 last:pr-4";
export const TD_NUM = "whitespace-nowrap px-3 py-2.5 text-right align-top tabular-nums first:pl-4 last:pr-4";
