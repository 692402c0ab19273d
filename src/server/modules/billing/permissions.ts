import type { Capabilities } from "../orgs/roles";

/** Billing capabilities (client-safe). */
export const BILLING = {
  /** The plan, the subscription, the meters, the pricing table and the invoices (Settings → Billing). */
  read: "admin",
  /** Start an upgrade, open the Customer Portal: the subscription is the owners' business. */
  manage: "owner",
} as const satisfies Capabilities;
