import clsx from "clsx";
import { STATUS_FILTERS, STATUS_LABELS, type StatusFilter as Filter } from "./status";

/** All / Pending / … as toggle buttons (one pressed at a time). */
export function StatusFilter({ value, onChange }: { value: Filter; onChange: (next: Filter) => void }) {
  return (
    <div role="group" aria-label="Filter events by status" className="flex flex-wrap gap-1.5">
      {STATUS_FILTERS.map((filter) => {
        const pressed = filter === value;
        return (
          <button
            key={filter}
            type="button"
            aria-pressed={pressed}
            onClick={() => onChange(filter)}
            className={clsx(
              "shrink-0 rounded-full px-3 py-1 text-sm font-medium transition-colors",
              pressed ? "bg-brand-600 text-white" : "bg-white text-ink-muted ring-1 ring-inset ring-gray-300 hover:bg-surface-sunken hover:text-ink",
            )}
          >
            {STATUS_LABELS[filter]}
          </button>
        );
      })}
    </div>
  );
}
