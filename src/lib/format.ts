import { formatMoney } from "./money";

/*
 * One way to show dates, times and numbers, in the browser and on the server alike.
 *
 * Two settings decide it: the LOCALE is the person's (the shape of a date or a number is
 * a matter of habit, "4.12.2026" or "12/4/2026"), the TIME ZONE is the organization's
 * while one is open. Inside an organization the org's zone wins over the user's own, because
 * the business day is shared: "due today", "overdue" and the home page's lists are computed
 * in the organization's zone on the server, and a date shown in another zone would contradict
 * them (a task due 23:30 in Berlin would read "tomorrow" to a colleague in New York while
 * sitting under "Today"). Outside any organization (account page, platform admin) the
 * user's own time zone is used.
 */

export type FormatSettings = { locale: string; timeZone: string };

/** The locales a person can choose on the account page (the app's words stay English). */
export const SUPPORTED_LOCALES = [
  { code: "en-US", label: "English (United States)" },
  { code: "en-GB", label: "English (United Kingdom)" },
  { code: "de-DE", label: "Deutsch (Deutschland)" },
  { code: "fr-FR", label: "Français (France)" },
  { code: "es-ES", label: "Español (España)" },
  { code: "it-IT", label: "Italiano (Italia)" },
  { code: "nl-NL", label: "Nederlands (Nederland)" },
  { code: "pt-BR", label: "Português (Brasil)" },
] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number]["code"];

export const DEFAULT_FORMAT: FormatSettings = { locale: "en-US", timeZone: "UTC" };

export function isSupportedLocale(value: string): value is SupportedLocale {
  return SUPPORTED_LOCALES.some((l) => l.code === value);
}

/** The IANA zones this runtime knows (the list the account page offers). */
export function timeZoneNames(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

/*
 * Building an Intl formatter costs 0.1–0.3 ms (ICU loads the locale's patterns and the
 * zone's rules); formatting with one costs microseconds. A server render calls useFormat in
 * every card and row (300 cards on a deals board built 300 formatters: 190 ms of its
 * render, docs/performance.md), so formatters and zone checks are kept per settings, for
 * every request and render. They hold nothing but the settings: sharing them is safe.
 * Bounded, because a zone or locale name can come from a request.
 */
const CACHE_LIMIT = 256;
const zoneChecks = new Map<string, boolean>();
const formatters = new Map<string, Formatter>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * Whether `value` is an IANA zone name this runtime can format in. `supportedValuesOf`
 * omits "UTC" and legacy aliases that still work, so a zone is also accepted when
 * `Intl.DateTimeFormat` takes it; offsets like "+02:00" are refused (no DST rules).
 */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value) || value.length > 64) return false;
  const known = zoneChecks.get(value);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    valid = true;
  } catch {
    valid = false;
  }
  remember(zoneChecks, value, valid);
  return valid;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export type Formatter = ReturnType<typeof buildFormatter>;

/**
 * Formatting functions for one locale and time zone. Bad settings (an unknown zone left in
 * the database, a locale the runtime lacks) fall back to the defaults instead of throwing
 * on every page. The same settings give the same (shared) formatter.
 */
export function createFormatter(settings: Partial<FormatSettings> = {}): Formatter {
  const locale = settings.locale && isSupportedLocale(settings.locale) ? settings.locale : DEFAULT_FORMAT.locale;
  const timeZone = settings.timeZone && isTimeZone(settings.timeZone) ? settings.timeZone : DEFAULT_FORMAT.timeZone;
  const key = `${locale}|${timeZone}`;
  return formatters.get(key) ?? remember(formatters, key, buildFormatter(locale, timeZone));
}

function buildFormatter(locale: string, timeZone: string) {
  const cache = new Map<string, Intl.DateTimeFormat>();
  const dateTimeFormat = (key: string, options: Intl.DateTimeFormatOptions, zone = timeZone) => {
    let format = cache.get(key);
    if (!format) cache.set(key, (format = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone })));
    return format;
  };
  const numberFormat = new Intl.NumberFormat(locale);
  const compactFormat = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  const untilFormat = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "long" });
  const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

  return {
    locale,
    timeZone,
    /** "Dec 4, 2026" / "04.12.2026": the day of this instant in the time zone. */
    date: (value: Date | string | number) => dateTimeFormat("date", { dateStyle: "medium" }).format(toDate(value)),
    /** "Dec 4, 2026, 3:05 PM". */
    dateTime: (value: Date | string | number) => dateTimeFormat("dateTime", { dateStyle: "medium", timeStyle: "short" }).format(toDate(value)),
    /** With seconds, for logs and tooltips. */
    dateTimeFull: (value: Date | string | number) => dateTimeFormat("full", { dateStyle: "medium", timeStyle: "medium" }).format(toDate(value)),
    /** "3:05 PM" / "15:05". */
    time: (value: Date | string | number) => dateTimeFormat("time", { timeStyle: "short" }).format(toDate(value)),
    /** "Fri, Dec 4, 3:05 PM": a due date, without the year when it is this year's. */
    due: (value: Date | string | number, now = new Date()) => {
      const date = toDate(value);
      const sameYear = dateTimeFormat("year", { year: "numeric" }).format(date) === dateTimeFormat("year", { year: "numeric" }).format(now);
      return sameYear
        ? dateTimeFormat("due", { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).format(date)
        : dateTimeFormat("dueYear", { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }).format(date);
    },
    /** A calendar day stored as "YYYY-MM-DD" (no instant, so no time-zone shift). */
    day: (day: string) => {
      const [y, m, d] = day.split("-").map(Number) as [number, number, number];
      return dateTimeFormat("day", { dateStyle: "medium" }, "UTC").format(new Date(Date.UTC(y, m - 1, d, 12)));
    },
    /** "Friday, December 4" for a "YYYY-MM-DD" day. */
    dayLong: (day: string) => {
      const [y, m, d] = day.split("-").map(Number) as [number, number, number];
      return dateTimeFormat("dayLong", { weekday: "long", day: "numeric", month: "long" }, "UTC").format(new Date(Date.UTC(y, m - 1, d, 12)));
    },
    /** "2026-12-04": the calendar day of an instant in the time zone (for grouping, not display). */
    dayKey: (value: Date | string | number) => {
      const parts = dateTimeFormat("key", { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(toDate(value));
      const part = (type: string) => parts.find((p) => p.type === type)!.value;
      return `${part("year")}-${part("month")}-${part("day")}`;
    },
    /** "Dec 26": the month of a "YYYY-MM-DD" day (chart axes). */
    monthShort: (day: string) => {
      const [y, m] = day.split("-").map(Number) as [number, number];
      return dateTimeFormat("monthShort", { month: "short", year: "2-digit" }, "UTC").format(new Date(Date.UTC(y, m - 1, 15, 12)));
    },
    /** "12K", "1.2M": a chart axis's tick, not an amount to read exactly. */
    compact: (value: number) => compactFormat.format(value),
    /** "1,234.5" / "1.234,5" / "1 234,5". */
    number: (value: number | bigint) => numberFormat.format(value),
    /** Integer minor units with their currency, in this locale (src/lib/money.ts). */
    money: (minor: bigint | number, currency: string) => formatMoney(minor, currency, locale),
    /** "5 min. ago", "yesterday", "just now". */
    relative: (value: Date | string | number, now: number | Date = Date.now()) => {
      const seconds = Math.round((toDate(value).getTime() - Number(now)) / 1000);
      const abs = Math.abs(seconds);
      // A few seconds ahead is clock skew between browser and server, not the future.
      if (seconds > -60 && seconds <= 5) return relativeFormat.format(0, "second");
      if (abs < 60) return relativeFormat.format(seconds, "second");
      for (const [unit, size] of RELATIVE_UNITS) {
        if (abs >= size) return relativeFormat.format(Math.round(seconds / size), unit);
      }
      return relativeFormat.format(Math.round(seconds / 60), "minute");
    },
    /** "in 6 days" for an expiry; "expired" once past. */
    until: (value: Date | string | number, now: number | Date = Date.now()) => {
      const seconds = Math.round((toDate(value).getTime() - Number(now)) / 1000);
      if (seconds <= 0) return "expired";
      if (seconds >= 2 * 24 * 3600) return untilFormat.format(Math.floor(seconds / (24 * 3600)), "day");
      if (seconds >= 2 * 3600) return untilFormat.format(Math.floor(seconds / 3600), "hour");
      return untilFormat.format(Math.max(1, Math.floor(seconds / 60)), "minute");
    },
  };
}

/** The settings for a page: the user's locale, and the organization's zone when there is one. */
export function formatSettingsFor(user: { locale?: string; timeZone?: string }, organization?: { timeZone?: string } | null): FormatSettings {
  return {
    locale: user.locale ?? DEFAULT_FORMAT.locale,
    timeZone: organization?.timeZone ?? user.timeZone ?? DEFAULT_FORMAT.timeZone,
  };
}
