"use client";

import { useFormat } from "@/components/format/format-provider";

/**
 * A relative time ("3 min. ago") whose exact value is in `dateTime` and the tooltip, in the
 * page's locale and time zone. Pages render it on the server too: the browser's clock may
 * say "now" where the server's said "1 min. ago", which is not a hydration error worth
 * re-rendering the page for.
 */
export function RelativeTime({ date, now }: { date: Date | null; now: number }) {
  const format = useFormat();
  if (!date) return <span className="text-ink-faint">—</span>;
  return (
    <time dateTime={date.toISOString()} title={format.dateTimeFull(date)} className="whitespace-nowrap" suppressHydrationWarning>
      {format.relative(date, now)}
    </time>
  );
}
