/** Calendar days as whole numbers (days since 1970-01-01, UTC), so gaps and weekdays are plain arithmetic. */
const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a YYYY-MM-DD date, or null when it is not a real calendar date (2026-02-30). */
export function parseDay(date: string): number | null {
  const match = typeof date === "string" ? DATE_PATTERN.exec(date) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  // Date.UTC rolls 02-30 over to 03-02: a real date comes back unchanged.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return time / MS_PER_DAY;
}

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The date's slot in a leap-year calendar: 0 = 1 January, 59 = 29 February, 365 = 31 December, in every
 * year. So 20 July has the same slot in 2023 and 2024, and a holiday fixed by date lines up across years.
 */
export function dayOfYear(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const sinceJanuaryFirst = day - Date.UTC(year, 0, 1) / MS_PER_DAY;
  return !leap && date.getUTCMonth() >= 2 ? sinceJanuaryFirst + 1 : sinceJanuaryFirst;
}
