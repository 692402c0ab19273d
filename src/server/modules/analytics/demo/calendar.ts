/** Day arithmetic on ISO dates ("2026-03-31"), in UTC so no time zone moves a day. */

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

/** The first business day on or after `day`. */
export function nextBusinessDay(day: string): string {
  let d = day;
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** The most recent day on or before `day` that falls on `wanted` (0 = Sunday). */
export function lastWeekday(day: string, wanted: number): string {
  return addDays(day, -((weekday(day) - wanted + 7) % 7));
}

/** The first day of the month `offset` months from the month of `day`. */
export function monthStart(day: string, offset = 0): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + offset);
  return date.toISOString().slice(0, 10);
}

/** The business days of the month starting `start`, up to `until` included. */
export function businessDays(start: string, until: string): string[] {
  const days: string[] = [];
  for (let d = start; d.slice(0, 7) === start.slice(0, 7) && d <= until; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d);
  return days;
}
