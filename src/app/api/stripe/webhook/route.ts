import { readLimitedBody } from "@/server/api/body";
import { errorResponse } from "@/server/api/errors";
import { receiveStripeWebhook } from "@/server/modules/billing/inbox";
import { logger } from "@/server/platform/logger";
import { instrumentRoute, recordStripeWebhook } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

/**
 * /api/stripe/webhook: Stripe's deliveries. The raw body is verified exactly as received
 * against the Stripe-Signature header (STRIPE_WEBHOOK_SECRET); a bad or missing signature is
 * answered 400 with nothing written. A verified event is stored once in the inbox (a
 * duplicate is answered 200 and does nothing) and published to the outbox in the same
 * transaction; the answer is 200 as soon as that commits, and a job applies it. Only an event
 * that could not be stored gets a 5xx, so that Stripe delivers it again.
 */

/** Stripe's events are far smaller; anything bigger is not one. */
const WEBHOOK_LIMIT = { maxBytes: 1024 * 1024, tooLarge: "A Stripe event is at most 1 MB.", field: "body" };

export const POST = instrumentRoute("/api/stripe/webhook", async (request: Request): Promise<Response> => {
  const requestId = crypto.randomUUID();
  const headers = { "cache-control": "no-store", "x-request-id": requestId };
  try {
    const raw = new TextDecoder().decode(await readLimitedBody(request, WEBHOOK_LIMIT));
    const receipt = await receiveStripeWebhook(raw, request.headers.get("stripe-signature"));
    switch (receipt.outcome) {
      case "stored":
      case "duplicate":
        // A stored event is counted when its job has applied it ("processed", billing/jobs.ts).
        if (receipt.outcome === "duplicate") recordStripeWebhook("duplicate");
        logger.info({ path: "/api/stripe/webhook", stripeEventId: receipt.eventId, type: receipt.type, outcome: receipt.outcome }, "stripe webhook received");
        return Response.json({ received: true, duplicate: receipt.outcome === "duplicate" }, { headers });
      case "not_configured":
        recordStripeWebhook("ignored");
        return Response.json({ error: receipt.message }, { status: 404, headers });
      case "bad_signature":
      case "bad_event":
        recordStripeWebhook(receipt.outcome === "bad_signature" ? "invalid_signature" : "ignored");
        logger.warn({ path: "/api/stripe/webhook", outcome: receipt.outcome }, receipt.message);
        return Response.json({ error: receipt.message }, { status: 400, headers });
    }
  } catch (error) {
    recordStripeWebhook("failed");
    return errorResponse(error, { requestId, where: "/api/stripe/webhook" });
  }
});
