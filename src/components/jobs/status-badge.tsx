import clsx from "clsx";
import { STATUS_HINTS, STATUS_LABELS, type EventStatus, type RunStatus } from "./status";

const STYLES: Record<EventStatus | RunStatus, string> = {
  pending: "bg-amber-50 text-amber-800 ring-amber-600/25",
  running: "bg-brand-50 text-brand-700 ring-brand-600/25",
  done: "bg-success-50 text-success-700 ring-success-700/25",
  sent: "bg-teal-50 text-teal-800 ring-teal-700/25",
  dead: "bg-danger-50 text-danger-700 ring-danger-600/30",
  failed: "bg-danger-50 text-danger-700 ring-danger-600/30",
};

/** A shape per status, so the badge does not rely on colour alone. */
function Mark({ status }: { status: EventStatus | RunStatus }) {
  const common = "size-3 shrink-0";
  switch (status) {
    case "running":
      return <span className={clsx(common, "animate-spin rounded-full border-2 border-current border-t-transparent")} aria-hidden />;
    case "pending":
      return (
        <svg viewBox="0 0 12 12" className={common} fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden>
          <circle cx="6" cy="6" r="4.5" />
          <path d="M6 3.5V6l1.6 1" strokeLinecap="round" />
        </svg>
      );
    case "done":
    case "sent":
      return (
        <svg viewBox="0 0 12 12" className={common} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
          {status === "done" ? <path d="m2.5 6.5 2.3 2.2L9.5 3.5" /> : <path d="M2 6h7M6.5 3 9.5 6l-3 3" />}
        </svg>
      );
    case "dead":
    case "failed":
      return (
        <svg viewBox="0 0 12 12" className={common} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden>
          <path d="m3 3 6 6M9 3 3 9" />
        </svg>
      );
  }
}

export function StatusBadge({ status }: { status: EventStatus | RunStatus }) {
  return (
    <span
      title={STATUS_HINTS[status]}
      className={clsx("inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", STYLES[status])}
    >
      <Mark status={status} />
      {STATUS_LABELS[status]}
    </span>
  );
}
