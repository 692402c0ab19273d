const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const untilFormat = new Intl.RelativeTimeFormat("en", { numeric: "always", style: "long" });

/** "Mar 3, 2026". */
export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** "in 6 days", "in 5 hours", "in 12 minutes" (for expiry dates; past dates say "expired"). */
export function formatUntil(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (seconds <= 0) return "expired";
  if (seconds >= 2 * 24 * 3600) return untilFormat.format(Math.floor(seconds / (24 * 3600)), "day");
  if (seconds >= 2 * 3600) return untilFormat.format(Math.floor(seconds / 3600), "hour");
  return untilFormat.format(Math.max(1, Math.floor(seconds / 60)), "minute");
}
