"use client";

import clsx from "clsx";
import { useId } from "react";
import type { LifecycleStage } from "@/server/modules/crm/schema";
import { LIFECYCLE_BADGE, LIFECYCLE_LABEL } from "./labels";
import type { SortDirection, SortField } from "./list-query";

/* Small pieces shared by the CRM lists and record pages. */

export function LifecycleBadge({ stage }: { stage: LifecycleStage }) {
  return (
    <span className={clsx("inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", LIFECYCLE_BADGE[stage])}>
      {LIFECYCLE_LABEL[stage]}
    </span>
  );
}

export function TagList({ tags, max }: { tags: string[]; max?: number }) {
  if (!tags.length) return <span className="text-ink-faint">—</span>;
  const shown = max ? tags.slice(0, max) : tags;
  const hidden = tags.length - shown.length;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {shown.map((tag) => (
        <li key={tag} className="rounded bg-surface-sunken px-1.5 py-0.5 text-xs text-ink-muted">
          {tag}
        </li>
      ))}
      {hidden > 0 && (
        <li className="px-1 py-0.5 text-xs text-ink-faint" title={tags.slice(shown.length).join(", ")}>
          +{hidden} more
        </li>
      )}
    </ul>
  );
}

/** A labelled <select> for filter bars (no error or hint). */
export function FilterSelect({ label, className, children, ...rest }: React.SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  const id = useId();
  return (
    <div className={clsx("flex min-w-0 flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <select
        id={id}
        className="w-full min-w-0 rounded-lg border border-gray-300 bg-white px-3 py-2 text-sm text-ink shadow-sm focus:border-brand-500"
        {...rest}
      >
        {children}
      </select>
    </div>
  );
}

function SortIcon({ direction }: { direction: SortDirection | null }) {
  return (
    <svg viewBox="0 0 24 24" className={clsx("size-3.5 shrink-0", direction ? "text-brand-700" : "text-ink-faint/60")} fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      {direction === "asc" ? <path d="m7 14 5-5 5 5" /> : direction === "desc" ? <path d="m7 10 5 5 5-5" /> : <path d="m8 9 4-4 4 4M8 15l4 4 4-4" />}
    </svg>
  );
}

/**
 * A column header that sorts the list on the server: the first click sorts in the
 * column's natural direction (A→Z, newest first), the next one reverses it.
 */
export function SortHeader({
  label,
  field,
  sort,
  onSort,
  className,
}: {
  label: string;
  field: SortField;
  sort: { field: SortField; direction: SortDirection };
  onSort: (field: SortField, direction: SortDirection) => void;
  className?: string;
}) {
  const active = sort.field === field;
  const natural: SortDirection = field === "name" ? "asc" : "desc";
  const next: SortDirection = active ? (sort.direction === "asc" ? "desc" : "asc") : natural;
  const describe = (d: SortDirection) => (field === "name" ? (d === "asc" ? "A to Z" : "Z to A") : d === "desc" ? "newest first" : "oldest first");
  return (
    <th scope="col" className={clsx("px-3 py-2 font-medium", className)} aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined}>
      <button
        type="button"
        onClick={() => onSort(field, next)}
        className={clsx("-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase tracking-wide hover:text-ink", active && "text-ink")}
        title={`Sort by ${label.toLowerCase()}, ${describe(next)}`}
      >
        {label}
        <SortIcon direction={active ? sort.direction : null} />
        <span className="sr-only">{active ? `, sorted ${describe(sort.direction)}` : ""}</span>
      </button>
    </th>
  );
}

export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-9 animate-pulse rounded-lg bg-surface-sunken" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-12 animate-pulse rounded-lg bg-surface-sunken/70" />
      ))}
    </div>
  );
}

/** Label / value rows of a record page. */
export function DetailList({ rows }: { rows: { label: string; value: React.ReactNode; key?: string }[] }) {
  return (
    <dl className="divide-y divide-gray-100">
      {rows.map((row) => (
        <div key={row.key ?? row.label} className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:gap-4">
          <dt className="text-sm text-ink-muted sm:w-40 sm:shrink-0">{row.label}</dt>
          <dd className="min-w-0 break-words text-sm text-ink">{row.value ?? <span className="text-ink-faint">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty() {
  return <span className="text-ink-faint">—</span>;
}
