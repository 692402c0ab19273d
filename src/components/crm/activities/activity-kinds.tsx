import clsx from "clsx";
import type { RouterOutputs } from "@/trpc/types";
import type { ActivityKind, CrmEntityType } from "@/server/modules/crm/schema";

/*
 * Words, icons and small helpers the activity composer, the record timeline and the
 * task list share. The `satisfies` checks keep the lists in step with the schema's enum.
 */

type ActivitiesOutputs = RouterOutputs["crm"]["activities"];
export type ActivityView = ActivitiesOutputs["get"];
export type TimelineEntry = ActivitiesOutputs["timeline"]["items"][number];
export type MyTasks = ActivitiesOutputs["myTasks"];

export const ACTIVITY_KINDS = ["note", "call", "email", "meeting", "task"] as const satisfies readonly ActivityKind[];

/** A timeline entry's kind: an activity, or "change" for an audit entry (same as the timeline procedure's filter). */
export type TimelineKind = ActivityKind | "change";
export const TIMELINE_KINDS = [...ACTIVITY_KINDS, "change"] as const satisfies readonly TimelineKind[];

export const KIND_LABEL = {
  note: "Note",
  call: "Call",
  email: "Email",
  meeting: "Meeting",
  task: "Task",
  change: "Change",
} satisfies Record<TimelineKind, string>;

export const KIND_PLURAL = {
  note: "Notes",
  call: "Calls",
  email: "Emails",
  meeting: "Meetings",
  task: "Tasks",
  change: "Changes",
} satisfies Record<TimelineKind, string>;

/** What the composer's button says for each kind. */
export const KIND_VERB = {
  note: "Add note",
  call: "Log call",
  email: "Log email",
  meeting: "Log meeting",
  task: "Create task",
} satisfies Record<ActivityKind, string>;

/** Placeholder of the subject and body for each kind: a nudge towards what is worth writing down. */
export const KIND_PLACEHOLDER = {
  note: { subject: "What is it about?", body: "What happened, what was agreed…" },
  call: { subject: "Call with…", body: "Duration, outcome, next step…" },
  email: { subject: "Email subject", body: "Paste or summarize the email…" },
  meeting: { subject: "Meeting about…", body: "Agenda, attendees, outcome…" },
  task: { subject: "What needs to be done?", body: "Details (optional)" },
} satisfies Record<ActivityKind, { subject: string; body: string }>;

const ICON_STYLE = {
  note: "bg-amber-50 text-amber-700 ring-amber-600/20",
  call: "bg-teal-50 text-teal-700 ring-teal-700/20",
  email: "bg-brand-50 text-brand-700 ring-brand-600/20",
  meeting: "bg-violet-50 text-violet-700 ring-violet-600/20",
  task: "bg-success-50 text-success-700 ring-success-700/20",
  change: "bg-surface-sunken text-ink-faint ring-gray-300",
} satisfies Record<TimelineKind, string>;

const ICON_PATHS = {
  note: "M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h5",
  call: "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z",
  email: "M3 6h18v12H3zM3 7l9 6 9-6",
  meeting: "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
  task: "M4 4h16v16H4zM8 12l3 3 5-6",
  change: "M12 8v4l3 2M3.5 9a9 9 0 1 1-.5 3M3 4v5h5",
} satisfies Record<TimelineKind, string>;

/** The kind's icon alone (decorative: the kind is always also written out). */
export function KindGlyph({ kind, className = "size-4" }: { kind: TimelineKind; className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d={ICON_PATHS[kind]} />
    </svg>
  );
}

/** The kind's icon in a coloured circle, as the timeline shows it. */
export function KindIcon({ kind, small = false }: { kind: TimelineKind; small?: boolean }) {
  return (
    <span className={clsx("flex shrink-0 items-center justify-center rounded-full ring-1 ring-inset", small ? "size-6" : "size-8", ICON_STYLE[kind])} aria-hidden>
      <KindGlyph kind={kind} className={small ? "size-3.5" : "size-4"} />
    </span>
  );
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date as an <input type="datetime-local"> value, in the browser's time zone. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An <input type="datetime-local"> value as a date ("" → null; unreadable → undefined). */
export function fromLocalInput(value: string): Date | null | undefined {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const PATH: Record<CrmEntityType, string> = { contact: "contacts", company: "companies", deal: "deals" };

/** The page of a contact, company or deal. */
export function recordHref(slug: string, target: { entityType: CrmEntityType; id: string }): string {
  return `/t/${slug}/crm/${PATH[target.entityType]}/${target.id}`;
}

