import { z } from "zod";

/**
 * The parts of Stripe's objects billing reads, parsed (not trusted as typed): webhook payloads
 * come from the inbox as JSON, and the API version decides where some fields live
 * (`current_period_end` moved from the subscription to its items; an invoice's subscription
 * moved under `parent.subscription_details`). Both places are read.
 */
const idOf = z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)]);
const seconds = z.number().int().nullable().optional();
const metadata = z.record(z.string(), z.string()).nullable().optional();

export const stripeSubscription = z.object({
  id: z.string(),
  object: z.literal("subscription"),
  customer: idOf,
  status: z.string(),
  cancel_at_period_end: z.boolean().optional().default(false),
  current_period_end: seconds,
  trial_end: seconds,
  canceled_at: seconds,
  metadata,
  items: z.object({
    data: z.array(z.object({ id: z.string().optional(), quantity: z.number().int().nullable().optional(), current_period_end: seconds, price: z.object({ id: z.string() }) })),
  }),
});
export type StripeSubscription = z.infer<typeof stripeSubscription>;

export const stripeCheckoutSession = z.object({
  id: z.string(),
  object: z.literal("checkout.session"),
  mode: z.string().optional(),
  customer: idOf.nullable().optional(),
  subscription: idOf.nullable().optional(),
  client_reference_id: z.string().nullable().optional(),
  metadata,
});

export const stripeInvoice = z.object({
  id: z.string(),
  object: z.literal("invoice"),
  customer: idOf.nullable().optional(),
  subscription: idOf.nullable().optional(),
  parent: z.object({ subscription_details: z.object({ subscription: idOf.nullable().optional() }).nullable().optional() }).nullable().optional(),
});

export const stripeCustomer = z.object({ id: z.string(), object: z.literal("customer"), email: z.string().nullable().optional(), metadata });

/** A verified event as stored in the inbox. */
export const stripeEvent = z.object({
  id: z.string(),
  type: z.string(),
  created: z.number().int(),
  livemode: z.boolean().optional().default(false),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventRecord = z.infer<typeof stripeEvent>;

export const secondsToDate = (value: number | null | undefined) => (value == null ? null : new Date(value * 1000));
