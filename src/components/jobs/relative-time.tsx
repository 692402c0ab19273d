import { formatFull, formatRelative } from "./format";

/**
 * A relative time ("3 min. ago") whose exact value is in `dateTime` and the tooltip. Pages
 * render it on the server too: the browser's clock may say "just now" where the server's
 * said "1 min. ago", which is not a hydration error worth re-rendering the page for.
 */
export function RelativeTime({ date, now }: { date: Date | null; now: number }) {
  if (!date) return <span className="text-ink-faint">—</span>;
  const full = formatFull(date);
  return (
    <time dateTime={date.toISOString()} title={full} className="whitespace-nowrap" suppressHydrationWarning>
      {formatRelative(date, now)}
    </time>
  );
}
