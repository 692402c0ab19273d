import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the parts of Stripe's API billing calls (tests only: no test reaches
 * Stripe). It serves GET /v1/subscriptions/:id from `subscriptions`, shaped like Stripe's
 * objects, creates customers, Checkout sessions and Customer Portal sessions (POST
 * /v1/customers, /v1/checkout/sessions, /v1/billing_portal/sessions, honouring
 * Idempotency-Key; GET /v1/checkout/sessions/:id), reads prices (GET /v1/prices/:id, /v1/prices) from `prices` and lists a
 * customer's invoices (GET /v1/invoices?customer=…, newest first, `starting_after` cursor) from
 * `invoices`, and records the calls. The SDK reaches it through STRIPE_API_BASE.
 *
 * Its Checkout and portal URLs point at `publicBase` (by default a host nobody serves); the
^ * e2e stand-in passes `publicBase: "self"` (its own address): GET /checkout/:id then shows a page whose "Pay" button
 * creates the subscription (active, the session's price and quantity, the organization in its
 * metadata, id `sub_<session id>`) and goes to the session's success URL, as Stripe would.
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

export type StandInPrice = { id: string; unitAmount: number; currency: string; interval: "month" | "year"; product?: string };

export type StandInInvoice = {
  id: string;
  customer: string;
  /** Seconds since the epoch, as Stripe's `created`. */
  created: number;
  total: number;
  amountDue?: number;
  currency: string;
  status: "draft" | "open" | "paid" | "uncollectible" | "void";
  number?: string;
};

export function priceObject(p: StandInPrice) {
  return {
    id: p.id,
    object: "price",
    active: true,
    currency: p.currency,
    unit_amount: p.unitAmount,
    billing_scheme: "per_unit",
    type: "recurring",
    recurring: { interval: p.interval, interval_count: 1, usage_type: "licensed" },
    product: p.product ?? `prod_${p.id}`,
    livemode: false,
  };
}

export function invoiceObject(i: StandInInvoice) {
  return {
    id: i.id,
    object: "invoice",
    customer: i.customer,
    created: i.created,
    number: i.number ?? null,
    total: i.total,
    amount_due: i.amountDue ?? (i.status === "paid" ? 0 : i.total),
    amount_paid: i.status === "paid" ? i.total : 0,
    currency: i.currency,
    status: i.status,
    hosted_invoice_url: i.status === "draft" ? null : `https://invoice.stand-in.local/${i.id}`,
    livemode: false,
  };
}

/** A POST /v1/subscriptions/:id the stand-in applied (form fields as sent). */
export type StandInUpdate = { id: string; form: Record<string, string>; idempotencyKey: string | undefined };

export type StripeStandIn = {
  url: string;
  subscriptions: Map<string, StandInSubscription>;
  prices: Map<string, StandInPrice>;
  invoices: StandInInvoice[];
  /** Customer Portal sessions created, by id (form fields as sent). */
  portalSessions: Map<string, Record<string, string>>;
  /** Customers and Checkout sessions created, by id (form fields as sent). */
  customers: Map<string, Record<string, string>>;
  sessions: Map<string, Record<string, string>>;
  calls: string[];
  /** Subscription updates applied (billing-ops: seat quantity), in order; an idempotent replay is not listed again. */
  updates: StandInUpdate[];
  close(): Promise<void>;
};

export async function startStripeStandIn(options: { port?: number; publicBase?: string } = {}): Promise<StripeStandIn> {
  const subscriptions = new Map<string, StandInSubscription>();
  const prices = new Map<string, StandInPrice>();
  const invoices: StandInInvoice[] = [];
  const portalSessions = new Map<string, Record<string, string>>();
  let publicBase = options.publicBase ?? "http://stand-in.local";
  const customers = new Map<string, Record<string, string>>();
  const sessions = new Map<string, Record<string, string>>();
  /** Idempotency: a repeated key gets the first answer again, as Stripe does. */
  const answered = new Map<string, unknown>();
  const calls: string[] = [];
  const updates: StandInUpdate[] = [];
  let next = 0;
  const server = http.createServer(async (request, response) => {
    const requestUrl = new URL(request.url ?? "/", "http://stand-in");
    const path = requestUrl.pathname;
    calls.push(`${request.method} ${path}`);
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    const form = Object.fromEntries(new URLSearchParams(raw));
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "request-id": `req_${calls.length}` });
      response.end(JSON.stringify(body));
    };
    const page = /^\/checkout\/([^/]+)(\/pay)?$/.exec(path);
    if (page) return checkoutPage(decodeURIComponent(page[1]!), Boolean(page[2]));
    if (!request.headers.authorization?.startsWith("Bearer sk_test_")) return send(401, { error: { type: "invalid_request_error", message: "No API key." } });
    const match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (request.method === "GET" && match) {
      const found = subscriptions.get(decodeURIComponent(match[1]!));
      return found ? send(200, subscriptionObject(found)) : send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such subscription: '${match[1]}'` } });
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (request.method === "GET" && sessionMatch) {
      const id = decodeURIComponent(sessionMatch[1]!);
      const found = sessions.get(id);
      if (!found) return send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such checkout.session: '${id}'` } });
      const paid = subscriptions.has(`sub_${id}`);
      return send(200, {
        id,
        object: "checkout.session",
        mode: found.mode,
        customer: found.customer ?? null,
        client_reference_id: found.client_reference_id ?? null,
        metadata: found["metadata[tenant_id]"] ? { tenant_id: found["metadata[tenant_id]"] } : {},
        status: paid ? "complete" : "open",
        payment_status: paid ? "paid" : "unpaid",
        subscription: paid ? `sub_${id}` : null,
        url: paid ? null : `${publicBase}/checkout/${id}`,
      });
    }
    const priceMatch = /^\/v1\/prices\/([^/]+)$/.exec(path);
    if (request.method === "GET" && priceMatch) {
      const found = prices.get(decodeURIComponent(priceMatch[1]!));
      return found ? send(200, priceObject(found)) : send(404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such price: '${priceMatch[1]}'` } });
    }
    if (request.method === "GET" && path === "/v1/prices") {
      const all = [...prices.values()].map(priceObject);
      return send(200, { object: "list", url: "/v1/prices", has_more: false, data: all.slice(0, Number(requestUrl.searchParams.get("limit") ?? 10)) });
    }
    if (request.method === "GET" && path === "/v1/invoices") {
      const customer = requestUrl.searchParams.get("customer");
      const limit = Number(requestUrl.searchParams.get("limit") ?? 10);
      const after = requestUrl.searchParams.get("starting_after");
      const mine = invoices.filter((i) => !customer || i.customer === customer).sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
      const start = after ? mine.findIndex((i) => i.id === after) + 1 : 0;
      if (after && start === 0) return send(400, { error: { type: "invalid_request_error", message: `No such invoice: '${after}'` } });
      const data = mine.slice(start, start + limit);
      return send(200, { object: "list", url: "/v1/invoices", has_more: start + limit < mine.length, data: data.map(invoiceObject) });
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
      const query = requestUrl.searchParams;
      const status = query.get("status");
      const data = [...subscriptions.values()]
        .filter((s) => s.customer === query.get("customer") && (status === "all" || (status ? s.status === status : s.status !== "canceled")))
        .map(subscriptionObject);
      return send(200, { object: "list", url: "/v1/subscriptions", has_more: false, data });
    }
    // --- end billing-ops ---
    if (request.method === "POST" && (path === "/v1/customers" || path === "/v1/checkout/sessions" || path === "/v1/billing_portal/sessions")) {
      const key = request.headers["idempotency-key"];
      if (typeof key !== "string" || !key) return send(400, { error: { type: "invalid_request_error", message: "This stand-in wants an Idempotency-Key on every create." } });
      if (answered.has(key)) return send(200, answered.get(key));
      if (path === "/v1/billing_portal/sessions" && !customers.has(form.customer ?? "")) {
        return send(400, { error: { type: "invalid_request_error", code: "resource_missing", param: "customer", message: `No such customer: '${form.customer}'` } });
      }
      const body =
        path === "/v1/customers"
          ? ((id) => (customers.set(id, form), { id, object: "customer", name: form.name ?? null, email: null, metadata: { tenant_id: form["metadata[tenant_id]"] } }))(`cus_stand_in_${++next}`)
          : path === "/v1/checkout/sessions"
            ? ((id) => (sessions.set(id, form), { id, object: "checkout.session", mode: form.mode, customer: form.customer, url: `${publicBase}/checkout/${id}` }))(`cs_stand_in_${++next}`)
            : ((id) => (portalSessions.set(id, form), { id, object: "billing_portal.session", customer: form.customer, return_url: form.return_url ?? null, url: `${publicBase}/portal/${id}` }))(`bps_stand_in_${++next}`);
      answered.set(key, body);
      return send(200, body);
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${request.method}: ${path}).` } });

    /** Stripe's hosted Checkout, reduced to a Pay button: paying creates the subscription and returns to the success URL. */
    function checkoutPage(sessionId: string, pay: boolean) {
      const session = sessions.get(sessionId);
      if (!session) {
        response.writeHead(404, { "content-type": "text/html" });
        return response.end("<!doctype html><title>Checkout</title><p>No such Checkout session.</p>");
      }
      if (!pay) {
        response.writeHead(200, { "content-type": "text/html" });
        return response.end(`<!doctype html><title>Stand-in Checkout</title><h1>Stand-in Checkout</h1><p>${escapeHtml(session["line_items[0][price]"] ?? "")} × ${escapeHtml(session["line_items[0][quantity]"] ?? "1")}</p><form method="get" action="/checkout/${encodeURIComponent(sessionId)}/pay"><button>Pay</button></form>`);
      }
      const id = `sub_${sessionId}`;
      subscriptions.set(id, {
        id,
        customer: session.customer ?? "",
        status: "active",
        priceId: session["line_items[0][price]"] ?? "",
        quantity: Number(session["line_items[0][quantity]"] ?? 1),
        tenantId: session["subscription_data[metadata][tenant_id]"],
      });
      response.writeHead(303, { location: (session.success_url ?? "/").replace("{CHECKOUT_SESSION_ID}", sessionId) });
      return response.end();
    }
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  if (options.publicBase === "self") publicBase = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    subscriptions,
    prices,
    invoices,
    portalSessions,
    customers,
    sessions,
    calls,
    updates,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

let processStandIn: Promise<StripeStandIn> | undefined;

/**
 * One stand-in for the whole test process, with this process's environment pointed at it
 * (STRIPE_SECRET_KEY, STRIPE_API_BASE, a Pro monthly price it sells): for suites that call
 * billing's procedures among everything else (the isolation table).
 */
export function stripeStandInForThisProcess(): Promise<StripeStandIn> {
  processStandIn ??= startStripeStandIn().then(async (stripe) => {
    stripe.prices.set("price_process_pro_m", { id: "price_process_pro_m", unitAmount: 1200, currency: "usd", interval: "month" });
    Object.assign(process.env, { STRIPE_SECRET_KEY: "sk_test_process", STRIPE_API_BASE: stripe.url, STRIPE_PRICE_PRO_MONTHLY: "price_process_pro_m" });
    const { reloadEnv } = await import("../server/platform/env");
    reloadEnv();
    return stripe;
  });
  return processStandIn;
}
