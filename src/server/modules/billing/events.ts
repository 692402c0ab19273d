import { defineEvent } from "../../jobs/events";

/** A verified Stripe event was stored in the inbox (published in the platform tenant's outbox, same transaction). */
export const STRIPE_EVENT_RECEIVED = defineEvent<{ stripeEventId: string }>("billing/stripe-event.received");
