import type { RouterInputs, RouterOutputs } from "@/trpc/types";

type AuditOutputs = RouterOutputs["audit"];
export type AuditEntrySummary = AuditOutputs["list"]["items"][number];
export type AuditEntryDetail = AuditOutputs["get"];
export type AuditFilterOptions = AuditOutputs["filterOptions"];
type AuditListInput = RouterInputs["audit"]["list"];

/**
 * The audit log's filters as they are kept in the page's URL (and sent to the CSV
 * export): `from` and `to` are calendar days ("2026-03-01") in the viewer's time zone.
 */
export type AuditFilters = {
  actorUserId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
};

export const FILTER_KEYS = ["actorUserId", "action", "entityType", "entityId", "from", "to"] as const satisfies readonly (keyof AuditFilters)[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A "YYYY-MM-DD" that names a real day, or undefined. */
function parseDay(value: string | undefined): string | undefined {
  const match = value ? DAY.exec(value) : null;
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : undefined;
}

function text(value: string | string[] | undefined, max: number): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed && trimmed.length <= max ? trimmed : undefined;
}

/** The filters in a page's search params; anything malformed is left out rather than sent to fail. */
export function parseAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const actor = text(params.actorUserId, 36);
  const filters: AuditFilters = {
    actorUserId: actor && UUID.test(actor) ? actor : undefined,
    action: text(params.action, 100),
    entityType: text(params.entityType, 64),
    entityId: text(params.entityId, 200),
    from: parseDay(text(params.from, 10)),
    to: parseDay(text(params.to, 10)),
  };
  return compactFilters(filters);
}

/** The same filters without empty values (so `{}` means "everything"). */
export function compactFilters(filters: AuditFilters): AuditFilters {
  const out: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) out[key] = value;
  }
  return out;
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => Boolean(filters[key]));
}

/** Start of a calendar day in the viewer's time zone. */
export function startOfDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 0, 0, 0, 0);
}

/** The last millisecond of a calendar day in the viewer's time zone (the range includes the whole "to" day). */
export function endOfDay(day: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 23, 59, 59, 999);
}

/** True when both days are set and the range runs backwards. */
export function rangeIsBackwards(filters: AuditFilters): boolean {
  return Boolean(filters.from && filters.to && filters.from > filters.to);
}

/** The `audit.list` input for these filters (without cursor and limit). */
export function listInput(filters: AuditFilters): Omit<AuditListInput, "cursor" | "limit"> {
  return {
    actorUserId: filters.actorUserId,
    action: filters.action,
    entityType: filters.entityType,
    entityId: filters.entityId,
    from: filters.from ? startOfDay(filters.from) : undefined,
    to: filters.to ? endOfDay(filters.to) : undefined,
  };
}

/** The page's query string for these filters ("" when none). */
export function filtersSearch(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** GET /api/audit/export with the list's filters (dates as exact instants, so the file matches the list). */
export function exportHref(tenantId: string, filters: AuditFilters): string {
  const params = new URLSearchParams({ tenant: tenantId });
  const input = listInput(filters);
  if (input.actorUserId) params.set("actorUserId", input.actorUserId);
  if (input.action) params.set("action", input.action);
  if (input.entityType) params.set("entityType", input.entityType);
  if (input.entityId) params.set("entityId", input.entityId);
  if (input.from instanceof Date) params.set("from", input.from.toISOString());
  if (input.to instanceof Date) params.set("to", input.to.toISOString());
  return `/api/audit/export?${params.toString()}`;
}
