import type { RouterOutputs } from "@/trpc/types";

type JobsOutputs = RouterOutputs["jobs"];
export type JobEvent = JobsOutputs["list"]["items"][number];
export type JobRun = JobEvent["runs"][number];
export type EventStatus = JobEvent["status"];
export type RunStatus = JobRun["status"];
export type JobCounts = JobsOutputs["counts"];

export const EVENT_STATUSES: readonly EventStatus[] = ["pending", "running", "done", "sent", "dead"];

export type StatusFilter = EventStatus | "all";

export const STATUS_FILTERS: readonly StatusFilter[] = ["all", ...EVENT_STATUSES];

/** `?status=` from the URL; anything unknown means all. */
export function parseStatusFilter(value: string | undefined): StatusFilter {
  return (STATUS_FILTERS as readonly string[]).includes(value ?? "") ? (value as StatusFilter) : "all";
}

export const STATUS_LABELS: Record<StatusFilter | RunStatus, string> = {
  all: "All",
  pending: "Pending",
  running: "Running",
  done: "Done",
  sent: "Sent",
  dead: "Dead",
  failed: "Failed",
};

/** What each status means, for the badge's tooltip and the tiles. */
export const STATUS_HINTS: Record<EventStatus | RunStatus, string> = {
  pending: "Waiting for the worker (or for its next retry)",
  running: "A worker is delivering it now",
  done: "Delivered: every function finished",
  sent: "Handed over to Inngest",
  dead: "Gave up after the last retry; can be retried by hand",
  failed: "This function failed; it is retried while the event has attempts left",
};

/** Events still moving: the page refreshes itself while any is listed. */
export function isActive(status: EventStatus): boolean {
  return status === "pending" || status === "running";
}
