"use client";

import clsx from "clsx";
import Link from "next/link";
import type { CrmEntityType } from "@/server/modules/crm/schema";
import { recordHref } from "./activity-kinds";
import { ENTITY_LABEL } from "../shared/labels";
import { useFormat } from "@/components/format/format-provider";

/* Pieces of a task shared by the record timeline and "My tasks". */

/** A round checkbox that completes or reopens a task; the label names the task for screen readers. */
export function TaskCheckbox({ done, subject, disabled, onChange }: { done: boolean; subject: string; disabled?: boolean; onChange: (done: boolean) => void }) {
  return (
    <input
      type="checkbox"
      checked={done}
      disabled={disabled}
      onChange={(event) => onChange(event.target.checked)}
      aria-label={done ? `Reopen task: ${subject}` : `Mark task as done: ${subject}`}
      title={done ? "Done. Untick to reopen." : "Mark as done"}
      className="mt-0.5 size-5 shrink-0 cursor-pointer accent-success-700 disabled:cursor-not-allowed disabled:opacity-50"
    />
  );
}

/** "Due Tue, 14 May, 3:00 PM", red when overdue; the exact time in the tooltip. */
export function DueLabel({ dueAt, done, now }: { dueAt: Date | null; done: boolean; now: number }) {
  const format = useFormat();
  if (!dueAt) return <span className="text-ink-faint">No due date</span>;
  const overdue = !done && dueAt.getTime() < now;
  return (
    <time dateTime={dueAt.toISOString()} title={format.dateTimeFull(dueAt)} className={clsx("whitespace-nowrap", overdue ? "font-medium text-danger-700" : "text-ink-muted")}>
      {overdue ? "Overdue since " : "Due "}
      {format.due(dueAt, new Date(now))}
    </time>
  );
}

/** Links to the records an activity is attached to ("Contact: Ann Lee"). */
export function TargetLinks({ slug, targets, className }: { slug: string; targets: { entityType: CrmEntityType; id: string; name: string }[]; className?: string }) {
  if (!targets.length) return null;
  return (
    <ul className={clsx("flex flex-wrap gap-x-3 gap-y-1 text-xs", className)} aria-label="Attached to">
      {targets.map((target) => (
        <li key={`${target.entityType}:${target.id}`} className="min-w-0">
          <span className="text-ink-faint">{ENTITY_LABEL[target.entityType].one.replace(/^./, (c) => c.toUpperCase())}: </span>
          <Link href={recordHref(slug, target)} className="font-medium text-brand-700 hover:underline">
            {target.name || "(no name)"}
          </Link>
        </li>
      ))}
    </ul>
  );
}
