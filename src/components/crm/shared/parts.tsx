"use client";

import clsx from "clsx";
import type { LifecycleStage } from "@/server/modules/crm/schema";
import { LIFECYCLE_BADGE, LIFECYCLE_LABEL } from "./labels";

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
