import { readServerError } from "@/components/ui/server-errors";

/*
 * A refusal laid out for an inventory form: the server's field errors next to the fields the
 * form shows (server keys renamed to the form's, e.g. salePriceMinor → salePrice), and the
 * rest, or the message when no field is named, above the buttons.
 */
export type FieldErrors = Partial<Record<string, string>>;

export function splitRefusal(error: unknown, shown: readonly string[], rename: Record<string, string> = {}): { message: string | null; fields: FieldErrors } {
  const { message, fieldErrors } = readServerError(error);
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0];
    if (!first) continue;
    const name = rename[key] ?? key;
    if (shown.includes(name)) fields[name] ??= first;
    else other.push(first);
  }
  if (other.length) return { message: other.join(" "), fields };
  return { message: Object.keys(fields).length ? null : message, fields };
}

/** The UTC offset (ms) of `zone` at `instant`: what a wall clock there reads minus UTC. */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(instant / 1000) * 1000;
}

/**
 * A movement's date as sent to the server: nothing for today or an empty field (the movement
 * happens now), otherwise the end of that day in the organization's time zone, so a past
 * day's movement comes after that day's other movements.
 */
export function effectiveAtFor(day: string, today: string, zone: string): string | undefined {
  if (!day || day >= today) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 23, 59, 59);
  let instant = wall - offsetAt(wall, zone);
  instant = wall - offsetAt(instant, zone);
  return new Date(instant).toISOString();
}
