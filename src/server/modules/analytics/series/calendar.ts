/* Calendar arithmetic on YYYY-MM-DD strings (UTC-free: these are the organization's calendar days). */

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
}

/** The first day of the month of `day`, moved by `months`. */
export function addMonths(day: string, months: number): string {
  const date = toDate(`${day.slice(0, 7)}-01`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return toDay(date);
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The first day of every month from `from`'s month to `to`'s month, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  const last = `${to.slice(0, 7)}-01`;
  for (let month = `${from.slice(0, 7)}-01`; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}
