import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the parts of Stripe's API billing calls (tests only: no test reaches
 * Stripe). It serves GET /v1/subscriptions/:id from `subscriptions`, shaped like Stripe's
 * objects, creates customers and Checkout sessions (POST /v1/customers, /v1/checkout/sessions,
 * honouring Idempotency-Key), and records the calls. The SDK reaches it through STRIPE_API_BASE.
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

/** A POST /v1/subscriptions/:id the stand-in applied (form fields as sent). */
export type StandInUpdate = { id: string; form: Record<string, string>; idempotencyKey: string | undefined };

export type StripeStandIn = {
  url: string;
  subscriptions: Map<string, StandInSubscription>;
  /** Customers and Checkout sessions created, by id (form fields as sent). */
  customers: Map<string, Record<string, string>>;
  sessions: Map<string, Record<string, string>>;
  calls: string[];
  /** Subscription updates applied (billing-ops: seat quantity), in order; an idempotent replay is not listed again. */
  updates: StandInUpdate[];
  close(): Promise<void>;
};

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const subscriptions = new Map<string, StandInSubscription>();
  const customers = new Map<string, Record<string, string>>();
  const sessions = new Map<string, Record<string, string>>();
  /** Idempotency: a repeated key gets the first answer again, as Stripe does. */
  const answered = new Map<string, unknown>();
  const calls: string[] = [];
  const updates: StandInUpdate[] = [];
  let next = 0;
  const server = http.createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    calls.push(`${request.method} ${path}`);
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const form = Object.fromEntries(new URLSearchParams(raw));
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
    // --- billing-ops: subscription update (seat quantity) and list by customer (billing:sync) ---
    const updateMatch = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (request.method === "POST" && updateMatch) {
      const found = subscriptions.get(decodeURIComponent(updateMatch[1]!));
      if (!found) return send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${updateMatch[1]}'` } });
      const key = request.headers["idempotency-key"];
      const replayKey = typeof key === "string" && key ? `update:${key}` : undefined;
      if (replayKey && answered.has(replayKey)) return send(200, answered.get(replayKey));
      if (found.status === "canceled") return send(400, { error: { type: "invalid_request_error", message: "A canceled subscription can only update its cancellation_details and metadata." } });
      if (form["items[0][quantity]"] !== undefined) found.quantity = Number(form["items[0][quantity]"]);
      updates.push({ id: found.id, form, idempotencyKey: typeof key === "string" ? key : undefined });
      const body = subscriptionObject(found);
      if (replayKey) answered.set(replayKey, body);
      return send(200, body);
    }
    if (request.method === "GET" && path === "/v1/subscriptions") {
      const query = new URL(request.url ?? "/", "http://stand-in").searchParams;
      const status = query.get("status");
      const data = [...subscriptions.values()]
        .filter((s) => s.customer === query.get("customer") && (status === "all" || (status ? s.status === status : s.status !== "canceled")))
        .map(subscriptionObject);
      return send(200, { object: "list", url: "/v1/subscriptions", has_more: false, data });
    }
    // --- end billing-ops ---
    if (request.method === "POST" && (path === "/v1/customers" || path === "/v1/checkout/sessions")) {
      const key = request.headers["idempotency-key"];
      if (typeof key !== "string" || !key) return send(400, { error: { type: "invalid_request_error", message: "This stand-in wants an Idempotency-Key on every create." } });
      if (answered.has(key)) return send(200, answered.get(key));
      const body =
        path === "/v1/customers"
          ? ((id) => (customers.set(id, form), { id, object: "customer", name: form.name ?? null, email: null, metadata: { tenant_id: form["metadata[tenant_id]"] } }))(`cus_stand_in_${++next}`)
          : ((id) => (sessions.set(id, form), { id, object: "checkout.session", mode: form.mode, customer: form.customer, url: `http://stand-in.local/checkout/${id}` }))(`cs_stand_in_${++next}`);
      answered.set(key, body);
      return send(200, body);
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${request.method}: ${path}).` } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    subscriptions,
    customers,
    sessions,
    calls,
    updates,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
