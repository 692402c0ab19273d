"use client";

import clsx from "clsx";
import { Badge } from "@/components/inventory/parts";
import { DOCUMENT_STATUS_LABELS } from "./labels";
import type { DocumentStatus } from "./types";

/* Small pieces of the invoice, bill and payment pages. */

const STATUS_TONES: Record<DocumentStatus, "gray" | "amber" | "red" | "green" | "brand"> = {
  draft: "amber",
  open: "brand",
  partially_paid: "brand",
  paid: "green",
  overdue: "red",
  void: "gray",
};

/** `credit`: a credit note's open and paid read "Open" and "Applied". */
export function DocumentStatusBadge({ status, credit = false }: { status: DocumentStatus; credit?: boolean }) {
  const label = credit && status === "open" ? "Open" : credit && status === "paid" ? "Applied" : DOCUMENT_STATUS_LABELS[status];
  return <Badge tone={STATUS_TONES[status]}>{label}</Badge>;
}

/** One choice among a few, as toggle buttons (one pressed at a time). */
export function FilterChips<V extends string>({ label, value, options, onChange }: { label: string; value: V; options: { value: V; label: string }[]; onChange: (next: V) => void }) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-1.5">
      {options.map((option) => {
        const pressed = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={pressed}
            onClick={() => onChange(option.value)}
            className={clsx(
              "shrink-0 rounded-full px-3 py-1 text-sm font-medium transition-colors",
              pressed ? "bg-brand-600 text-white" : "bg-white text-ink-muted ring-1 ring-inset ring-gray-300 hover:bg-surface-sunken hover:text-ink",
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}

/** A label and its value in a record's details grid. */
export function DetailGrid({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{label}</dt>
          <dd className="mt-0.5 whitespace-pre-line text-ink">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
