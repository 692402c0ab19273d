import { formatFull, formatRelative } from "./format";

/** A relative time ("3 min. ago") whose exact value is in `dateTime` and the tooltip. */
export function RelativeTime({ date, now }: { date: Date | null; now: number }) {
  if (!date) return <span className="text-ink-faint">—</span>;
  const full = formatFull(date);
  return (
    <time dateTime={date.toISOString()} title={full} className="whitespace-nowrap">
      {formatRelative(date, now)}
    </time>
  );
}
