/*
 * The date arithmetic of the profit and loss's columns and comparison, on YYYY-MM-DD text
 * (UTC calendar days, no time zone involved): the month or quarter columns of a range and
 * the range it is compared with. The amounts themselves are summed in SQL (reports.ts).
 */

export const COLUMN_KINDS = ["total", "month", "quarter"] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export const COMPARISONS = ["none", "previous_period", "previous_year"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** At most this many month or quarter columns in one report (five years of months). */
export const MAX_COLUMNS = 60;

export type DayRange = { from: string; to: string };
/** A period column: "2026-01" (a month) or "2026-Q1" (a calendar quarter), clipped to the report's range. */
export type PeriodColumn = DayRange & { key: string };

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}
/** A UTC day from year, month (0-based, may overflow) and day; years below 100 stay as they are (Date.UTC would read 5 as 1905). */
function utc(y: number, m0: number, d: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, m0, d);
  return date;
}
function text(date: Date): string {
  return date.toISOString().slice(0, 10);
}
/** The day `days` after (or before, negative) `day`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return text(utc(y, m - 1, d + days));
}
/** The last day of the month `months` after the month of (y, m). */
function monthEnd(y: number, m: number, months = 0): string {
  return text(utc(y, m + months, 0));
}
const isMonthStart = (day: string) => day.endsWith("-01");
const isMonthEnd = (day: string) => {
  const [y, m] = parts(day);
  return monthEnd(y, m) === day;
};

/**
 * The same day `months` months later (earlier when negative), kept in its month: the 31st
 * becomes the 30th or the 28th/29th where the month is shorter. With `toMonthEnd`, a month's
 * last day stays its month's last day (2025-02-28 → 2024-02-29 a year earlier).
 */
export function shiftMonths(day: string, months: number, toMonthEnd = false): string {
  const [y, m, d] = parts(day);
  const last = monthEnd(y, m, months);
  if (toMonthEnd && isMonthEnd(day)) return last;
  const lastDay = Number(last.slice(8));
  return `${last.slice(0, 8)}${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/** Whole months between the two days, counting both ends' months. */
function monthSpan(from: string, to: string): number {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** The month or quarter columns of from..to (inclusive), the first and last clipped to the range. */
export function periodColumns(kind: Exclude<ColumnKind, "total">, from: string, to: string): PeriodColumn[] {
  const step = kind === "month" ? 1 : 3;
  const [fy, fm] = parts(from);
  // The first column's month: the range's month, or the first month of its quarter.
  const startMonth = kind === "month" ? fm : fm - ((fm - 1) % 3);
  const columns: PeriodColumn[] = [];
  for (let i = 0; ; i++) {
    const first = text(utc(fy, startMonth - 1 + i * step, 1));
    if (first > to) break;
    const [y, m] = parts(first);
    const last = monthEnd(y, m, step - 1);
    const key = kind === "month" ? first.slice(0, 7) : `${y}-Q${(m + 2) / 3}`;
    columns.push({ key, from: first < from ? from : first, to: last > to ? to : last });
  }
  return columns;
}

/** How many columns periodColumns would make (checked before making them). */
export function columnCount(kind: Exclude<ColumnKind, "total">, from: string, to: string): number {
  if (kind === "month") return monthSpan(from, to);
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  return ty * 4 + Math.floor((tm - 1) / 3) - (fy * 4 + Math.floor((fm - 1) / 3)) + 1;
}

/**
 * The range a report is compared with.
 * - previous_period: the period of equal length just before. A range of whole months
 *   (from a 1st to a month's last day) is compared with as many whole months before it
 *   (Jan–Mar with Oct–Dec); any other range with as many days before it.
 * - previous_year: the same dates a year earlier (a month's last day stays the last day,
 *   so February is compared with all of February).
 */
export function comparisonRange(kind: Exclude<Comparison, "none">, from: string, to: string): DayRange {
  if (kind === "previous_year") return { from: shiftMonths(from, -12), to: shiftMonths(to, -12, true) };
  if (isMonthStart(from) && isMonthEnd(to)) {
    const months = monthSpan(from, to);
    return { from: shiftMonths(from, -months), to: shiftMonths(to, -months, true) };
  }
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  const days = Math.round((utc(ty, tm - 1, td).getTime() - utc(fy, fm - 1, fd).getTime()) / 86_400_000) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
