import { defineEvent } from "../../jobs/events";

/*
 * What orgs tells the rest of the app (its part of the event catalog, listed in ./module.ts),
 * published in the transaction of the change it reports.
 */

/**
 * Someone joined or left the organization (accepted an invitation, was removed, left). Billing
 * keeps the Stripe subscription's seat quantity in step with it; a subscriber re-reads the
 * current member count rather than trusting the order events arrive in.
 */
export const MEMBERSHIP_CHANGED = defineEvent<{ userId: string; change: "joined" | "removed" | "left" }>("orgs/membership.changed");
