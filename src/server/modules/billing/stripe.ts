import Stripe from "stripe";
import { env } from "../../platform/env";

/**
 * The Stripe SDK, configured from the environment: STRIPE_SECRET_KEY, and STRIPE_API_BASE when
 * the API lives elsewhere (the tests' local stand-in). No Stripe call is ever made inside a
 * tenant transaction (ARCHITECTURE.md): callers fetch first, then enter the tenant.
 */
let cached: { key: string; base: string | undefined; client: Stripe } | undefined;

export function stripeConfigured(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

export class StripeNotConfigured extends Error {
  constructor() {
    super("Stripe is not configured on this server (STRIPE_SECRET_KEY is not set).");
    this.name = "StripeNotConfigured";
  }
}

export function stripeClient(): Stripe {
  const key = env().STRIPE_SECRET_KEY;
  if (!key) throw new StripeNotConfigured();
  const base = env().STRIPE_API_BASE;
  if (cached?.key === key && cached.base === base) return cached.client;
  const url = base ? new URL(base) : undefined;
  const client = new Stripe(key, {
    ...(url ? { protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const), host: url.hostname, port: url.port || (url.protocol === "https:" ? 443 : 80) } : {}),
    // One quick retry of a network failure; the outbox retries the whole job with backoff.
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
  });
  cached = { key, base, client };
  return client;
}
