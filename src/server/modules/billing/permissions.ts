import type { Capabilities } from "../orgs/roles";

/** Billing capabilities (client-safe). */
export const BILLING = {
  /** Start an upgrade, open the Customer Portal: the subscription is the owners' business. */
  manage: "owner",
} as const satisfies Capabilities;
