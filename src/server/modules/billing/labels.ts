import type { LimitKey, PlannedLimitKey } from "../orgs/plans";

// Client-safe: how the billing page names each plan limit.
export const USAGE_LABELS: Record<LimitKey | PlannedLimitKey, string> = {
  "orgs.seats": "Seats",
  "crm.contacts": "Contacts",
  "inventory.products": "Products",
  "ai.documents": "AI documents",
  "ai.messages_per_month": "AI messages this month",
};
