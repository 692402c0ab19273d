import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the parts of Stripe's API billing calls (tests only: no test reaches
 * Stripe). It serves GET /v1/subscriptions/:id from `subscriptions`, shaped like Stripe's
 * objects, and counts the calls. The SDK reaches it through STRIPE_API_BASE.
 */
export type StandInSubscription = {
  id: string;
  customer: string;
  status: string;
  priceId: string;
  quantity: number;
  cancelAtPeriodEnd?: boolean;
  currentPeriodEnd?: number;
  trialEnd?: number | null;
  tenantId?: string;
};

export function subscriptionObject(s: StandInSubscription) {
  return {
    id: s.id,
    object: "subscription",
    customer: s.customer,
    status: s.status,
    cancel_at_period_end: s.cancelAtPeriodEnd ?? false,
    canceled_at: s.status === "canceled" ? 1_790_000_000 : null,
    trial_end: s.trialEnd ?? null,
    metadata: s.tenantId ? { tenant_id: s.tenantId } : {},
    items: {
      object: "list",
      data: [{ id: `si_${s.id}`, object: "subscription_item", quantity: s.quantity, current_period_end: s.currentPeriodEnd ?? 1_800_000_000, price: { id: s.priceId, object: "price" } }],
    },
  };
}

export type StripeStandIn = {
  url: string;
  subscriptions: Map<string, StandInSubscription>;
  calls: string[];
  close(): Promise<void>;
};

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const subscriptions = new Map<string, StandInSubscription>();
  const calls: string[] = [];
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    calls.push(`${request.method} ${path}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "request-id": `req_${calls.length}` });
      response.end(JSON.stringify(body));
    };
    if (!request.headers.authorization?.startsWith("Bearer sk_test_")) return send(401, { error: { type: "invalid_request_error", message: "No API key." } });
    const match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (request.method === "GET" && match) {
      const found = subscriptions.get(decodeURIComponent(match[1]!));
      return found ? send(200, subscriptionObject(found)) : send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${match[1]}'` } });
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${request.method}: ${path}).` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    subscriptions,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
