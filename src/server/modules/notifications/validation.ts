import { z } from "zod";

/*
 * What a notification and a preference may be: the kinds, their labels, the preference
 * input and its defaults, and where a notification's link goes (client-safe: the bell and
 * the account page use these).
 */

export const NOTIFICATION_KINDS = ["task_assigned", "task_overdue", "deal_assigned", "mention", "import_finished", "stock_low", "anomaly_detected"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const KIND_LABELS: Record<NotificationKind, string> = {
  task_assigned: "A task is assigned to you",
  task_overdue: "A task of yours is overdue",
  deal_assigned: "A deal is assigned to you",
  mention: "Someone mentions you in a note",
  import_finished: "An import you started has finished",
  stock_low: "Products are at or below their reorder point (admins and owners, once a day)",
  anomaly_detected: "Revenue, expenses or an account's activity was unusual on a day (admins and owners)",
};

export type KindPreference = { inApp: boolean; email: boolean };
export type NotificationPreferences = Record<NotificationKind, KindPreference>;

/** In the app: everything. By email: what someone else asks of you. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  task_assigned: { inApp: true, email: true },
  task_overdue: { inApp: true, email: false },
  deal_assigned: { inApp: true, email: false },
  mention: { inApp: true, email: true },
  import_finished: { inApp: true, email: false },
  stock_low: { inApp: true, email: false },
  anomaly_detected: { inApp: true, email: false },
};

const kindPreference = z.object({ inApp: z.boolean(), email: z.boolean() });
/** Any subset of the kinds; a kind left out keeps its value. */
export const preferencesInput = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, kindPreference.optional()])) as Record<NotificationKind, z.ZodOptional<typeof kindPreference>>,
);

/** Tenant-relative paths of the records notifications link to. */
const PATHS: Record<string, (id: string) => string> = {
  "crm.contact": (id) => `/crm/contacts/${id}`,
  "crm.company": (id) => `/crm/companies/${id}`,
  "crm.deal": (id) => `/crm/deals/${id}`,
  "crm.import": (id) => `/crm/imports/${id}`,
};

/** Pages a notification links to as a whole (no record id): every member can open them. */
const PAGES: Record<string, string> = {
  "inventory.low_stock": "/inventory/low-stock",
  "analytics.anomalies": "/analytics/anomalies",
};

export const isPageLink = (entityType: string | null): boolean => entityType !== null && Object.hasOwn(PAGES, entityType);

/** The page a notification opens, or null when it links nowhere. */
export function notificationPath(slug: string, entityType: string | null, entityId: string | null): string | null {
  if (entityType && isPageLink(entityType)) return `/t/${slug}${PAGES[entityType]}`;
  if (!entityType || !entityId) return null;
  const path = PATHS[entityType];
  return path ? `/t/${slug}${path(entityId)}` : null;
}
