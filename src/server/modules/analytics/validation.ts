/*
 * Client-safe (the dashboard's date-range picker uses it too): the dashboard's date range.
 * Days are "YYYY-MM-DD" calendar days in the organization's time zone, computed as text
 * (no Date in a local zone involved).
 */

/** The longest range the dashboard shows (its monthly chart has one bar per month). */
export const MAX_RANGE_MONTHS = 60;

export type DashboardRangeInput = { from?: string | null; to?: string | null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const pad = (n: number) => String(n).padStart(2, "0");

function parts(day: string): [number, number, number] {
  return day.split("-").map(Number) as [number, number, number];
}

/** The last day of month m (1-12, may overflow either way) of year y. */
function monthEnd(y: number, m: number): string {
  const date = new Date(0);
  date.setUTCFullYear(y, m, 0);
  return date.toISOString().slice(0, 10);
}

/** The first day of the month `months` after (before, negative) the month of `day`. */
export function monthStart(day: string, months = 0): string {
  const [y, m] = parts(day);
  return `${monthEnd(y, m + months).slice(0, 8)}01`;
}

/** Whole calendar months touched by from..to, both ends counted. */
export function monthsTouched(from: string, to: string): number {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The first day of the fiscal year (starting in month `startMonth`) that holds `day`. */
export function fiscalYearStart(day: string, startMonth: number): string {
  const [y, m] = parts(day);
  return `${m >= startMonth ? y : y - 1}-${pad(startMonth)}-01`;
}

/** A real calendar day (not 2026-02-30). */
function valid(day: string): boolean {
  if (!DAY.test(day)) return false;
  const [y, m, d] = parts(day);
  return m >= 1 && m <= 12 && d >= 1 && `${y}-${pad(m)}-${pad(d)}` <= monthEnd(y, m);
}

/**
 * The range shown: from..to as given, this month to date by default (a missing start is
 * the first of the end's month, a missing end is today, or the start when it is later);
 * plus the start of the fiscal year holding the end (year to date). An error names the field.
 */
export function dashboardRange(input: DashboardRangeInput, today: string, fiscalYearStartMonth = 1): { from: string; to: string; yearFrom: string } | { error: string; field: "from" | "to" } {
  for (const field of ["from", "to"] as const) {
    const value = input[field];
    if (value && !valid(value)) return { error: "Enter the date like 2026-03-31.", field };
  }
  const from = input.from ?? monthStart(input.to ?? today);
  const to = input.to ?? (from > today ? from : today);
  if (from > to) return { error: "The start must be on or before the end.", field: "from" };
  if (monthsTouched(from, to) > MAX_RANGE_MONTHS) return { error: `Choose a range of at most ${MAX_RANGE_MONTHS} months.`, field: "from" };
  return { from, to, yearFrom: fiscalYearStart(to, fiscalYearStartMonth) };
}

export type RangePreset = { key: string; label: string; from: string; to: string };

/** The picker's presets, relative to today (the organization's day). */
export function rangePresets(today: string, fiscalYearStartMonth = 1): RangePreset[] {
  const [y, m] = parts(today);
  const quarterStart = `${y}-${pad(m - ((m - 1) % 3))}-01`;
  const yearStart = fiscalYearStart(today, fiscalYearStartMonth);
  const lastYearStart = `${Number(yearStart.slice(0, 4)) - 1}${yearStart.slice(4)}`;
  const dayBefore = (day: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - 1);
    return date.toISOString().slice(0, 10);
  };
  return [
    { key: "month", label: "This month", from: monthStart(today), to: today },
    { key: "last-month", label: "Last month", from: monthStart(today, -1), to: dayBefore(monthStart(today)) },
    { key: "quarter", label: "This quarter", from: quarterStart, to: today },
    { key: "year", label: "Year to date", from: yearStart, to: today },
    { key: "12-months", label: "Last 12 months", from: monthStart(today, -11), to: today },
    { key: "last-year", label: "Last year", from: lastYearStart, to: dayBefore(yearStart) },
  ];
}
