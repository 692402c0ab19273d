/** Wall-clock parts of an instant in an IANA time zone (DST included: Intl knows the zone's rules). */
export type LocalTime = { weekday: number; hour: number; minute: number; day: number; month: number; year: number };

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Throws a RangeError for an unknown zone (Intl's own), rather than silently using UTC. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    weekday: WEEKDAYS[parts.weekday!]!,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    day: Number(parts.day),
    month: Number(parts.month),
    year: Number(parts.year),
  };
}

/** "3 March" (or "3 March 2025" when the year differs from `relativeTo`'s), in the zone. */
export function localDateText(at: Date, timeZone: string, relativeTo?: Date): string {
  const sameYear = !relativeTo || localTime(at, timeZone).year === localTime(relativeTo, timeZone).year;
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", ...(sameYear ? {} : { year: "numeric" }) }).format(at);
}
