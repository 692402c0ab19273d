import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import Stripe from "stripe";
import { runtimeDb, type DbOrTx } from "../../db/client";
import { enterTenant } from "../../db/tenant";
import { publishEvent } from "../../jobs/publish";
import { env } from "../../platform/env";
import { NotFound } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { organizationLabels } from "../orgs/administration";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { STRIPE_EVENT_RECEIVED } from "./events";
import { stripeEvent, type StripeEventRecord } from "./objects";
import { billingWebhookEvents, webhookEventStatus } from "./schema";

/**
 * The webhook inbox (global table, see schema.ts): the only code that reads or writes it.
 * Receiving verifies the signature, stores the event once and publishes it to the outbox in
 * the same transaction; the job (./process.ts) applies it later.
 */

export type Receipt =
  | { outcome: "stored" | "duplicate"; eventId: string; type: string }
  | { outcome: "not_configured" | "bad_signature" | "bad_event"; message: string };

/**
 * Verifies `rawBody` (exactly as received) against the `Stripe-Signature` header with
 * STRIPE_WEBHOOK_SECRET; nothing is written unless it verifies. Throws only when the event
 * could not be stored (the route answers 5xx and Stripe delivers it again).
 */
export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<Receipt> {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return { outcome: "not_configured", message: "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET is not set)." };
  if (!signature) return { outcome: "bad_signature", message: "The Stripe-Signature header is missing." };
  let verified: unknown;
  try {
    verified = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    return { outcome: "bad_signature", message: "The Stripe signature does not match this endpoint's signing secret (or is too old)." };
  }
  const parsed = stripeEvent.safeParse(verified);
  if (!parsed.success) return { outcome: "bad_event", message: "The signed payload is not a Stripe event." };
  const event = parsed.data;
  const stored = await storeStripeEvent(event, rawBody);
  return { outcome: stored ? "stored" : "duplicate", eventId: event.id, type: event.type };
}

/**
 * Stores a verified event once and publishes it to the outbox in the same transaction; false
 * when it was already stored. Exported apart from the signature check for bench:webhooks,
 * which measures these statements alone beside the whole route.
 */
export async function storeStripeEvent(event: StripeEventRecord, rawBody: string): Promise<boolean> {
  return runtimeDb().transaction(async (tx) => {
    const [row] = await tx
      .insert(billingWebhookEvents)
      .values({ stripeEventId: event.id, type: event.type, created: new Date(event.created * 1000), livemode: event.livemode, payload: JSON.parse(rawBody) as unknown })
      .onConflictDoNothing({ target: billingWebhookEvents.stripeEventId })
      .returning({ id: billingWebhookEvents.stripeEventId });
    if (!row) return false;
    // Events belong to no organization yet: they go through the platform tenant's outbox (as account emails do).
    const platform = await enterTenant(tx, { tenantId: PLATFORM_TENANT_ID });
    await publishEvent(platform, { event: STRIPE_EVENT_RECEIVED, data: { stripeEventId: event.id }, idempotencyKey: event.id });
    return true;
  });
}

export type InboxRow = typeof billingWebhookEvents.$inferSelect;

export async function inboxEvent(stripeEventId: string, db: DbOrTx = runtimeDb()): Promise<(InboxRow & { event: StripeEventRecord }) | undefined> {
  const [row] = await db.select().from(billingWebhookEvents).where(eq(billingWebhookEvents.stripeEventId, stripeEventId));
  return row ? { ...row, event: stripeEvent.parse(row.payload) } : undefined;
}

/**
 * Marks the event processed, in the transaction that applied it. False when it already was
 * (a second run of the same event): the caller rolls back, so an event changes state once.
 */
export async function markProcessed(tx: DbOrTx, stripeEventId: string, tenantId: string | null): Promise<boolean> {
  const rows = await tx
    .update(billingWebhookEvents)
    .set({ status: "processed", attempts: sql`${billingWebhookEvents.attempts} + 1`, lastError: null, processedAt: sql`now()`, appliedTenantId: tenantId })
    .where(sql`${billingWebhookEvents.stripeEventId} = ${stripeEventId} and ${billingWebhookEvents.status} <> 'processed'`)
    .returning({ id: billingWebhookEvents.stripeEventId });
  return rows.length === 1;
}

/** Records a failed attempt (status failed, the error), outside the transaction that failed. */
export async function markFailed(stripeEventId: string, error: string): Promise<void> {
  await runtimeDb()
    .update(billingWebhookEvents)
    .set({ status: "failed", attempts: sql`${billingWebhookEvents.attempts} + 1`, lastError: error.slice(0, 2000) })
    .where(sql`${billingWebhookEvents.stripeEventId} = ${stripeEventId} and ${billingWebhookEvents.status} <> 'processed'`);
}

/* The super admin's Billing events page (/admin/billing): list, one payload, replay. */

export const INBOX_STATUSES = webhookEventStatus.enumValues;

export const listInboxInput = z.object({
  status: z.enum(INBOX_STATUSES, "Choose received, processed or failed.").optional(),
  /** The Stripe event id of the last row of the previous page. */
  cursor: z.string().max(255).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export type InboxListItem = {
  stripeEventId: string;
  type: string;
  created: Date;
  receivedAt: Date;
  processedAt: Date | null;
  status: InboxRow["status"];
  attempts: number;
  lastError: string | null;
  organization: { id: string; slug: string | null; name: string | null } | null;
};

/** Inbox events, newest received first, keyset-paginated, optionally of one status (no payloads). */
export async function listInboxEvents(rawInput: z.input<typeof listInboxInput> = {}): Promise<{ items: InboxListItem[]; nextCursor: string | null }> {
  const input = parseInput(listInboxInput, rawInput);
  const e = billingWebhookEvents;
  const rows = await runtimeDb()
    .select({
      stripeEventId: e.stripeEventId,
      type: e.type,
      created: e.created,
      receivedAt: e.receivedAt,
      processedAt: e.processedAt,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      appliedTenantId: e.appliedTenantId,
    })
    .from(e)
    .where(
      and(
        input.status ? eq(e.status, input.status) : undefined,
        // Compared in the database: received_at has microseconds, a JS Date only milliseconds.
        input.cursor ? sql`(${e.receivedAt}, ${e.stripeEventId}) < (select c.received_at, c.stripe_event_id from ${e} c where c.stripe_event_id = ${input.cursor})` : undefined,
      ),
    )
    .orderBy(desc(e.receivedAt), desc(e.stripeEventId))
    .limit(input.limit + 1);
  const hasMore = rows.length > input.limit;
  const page = hasMore ? rows.slice(0, input.limit) : rows;
  const labels = await organizationLabels(page.flatMap((row) => (row.appliedTenantId ? [row.appliedTenantId] : [])));
  return {
    items: page.map(({ appliedTenantId, ...row }) => ({
      ...row,
      organization: appliedTenantId ? { id: appliedTenantId, slug: labels.get(appliedTenantId)?.slug ?? null, name: labels.get(appliedTenantId)?.name ?? null } : null,
    })),
    nextCursor: hasMore ? page[page.length - 1]!.stripeEventId : null,
  };
}

export const inboxEventInput = z.object({ stripeEventId: z.string().min(1).max(255) });

/** One event with its payload as Stripe sent it. */
export async function inboxEventDetail(rawInput: z.input<typeof inboxEventInput>): Promise<InboxListItem & { payload: unknown }> {
  const { stripeEventId } = parseInput(inboxEventInput, rawInput);
  const [row] = await runtimeDb().select().from(billingWebhookEvents).where(eq(billingWebhookEvents.stripeEventId, stripeEventId));
  if (!row) throw new NotFound("No Stripe event with that id is in the inbox.");
  const labels = await organizationLabels(row.appliedTenantId ? [row.appliedTenantId] : []);
  const label = row.appliedTenantId ? labels.get(row.appliedTenantId) : undefined;
  return {
    stripeEventId: row.stripeEventId,
    type: row.type,
    created: row.created,
    receivedAt: row.receivedAt,
    processedAt: row.processedAt,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    organization: row.appliedTenantId ? { id: row.appliedTenantId, slug: label?.slug ?? null, name: label?.name ?? null } : null,
    payload: row.payload,
  };
}

/**
 * Queues the event's processing again (a new outbox event in the platform tenant, as on
 * receipt), audited there as a platform action by the admin. Processing stays idempotent: an
 * event already processed is not applied again (the job answers "already processed"); a
 * received or failed one goes through the same ordering rules as any delivery (applied if
 * newer than what was applied, else Stripe's current state is re-fetched).
 */
export async function replayInboxEvent(adminUserId: string, rawInput: z.input<typeof inboxEventInput>, requestId?: string): Promise<{ queued: true; status: InboxRow["status"] }> {
  const { stripeEventId } = parseInput(inboxEventInput, rawInput);
  return runtimeDb().transaction(async (tx) => {
    const [row] = await tx.select({ status: billingWebhookEvents.status, type: billingWebhookEvents.type }).from(billingWebhookEvents).where(eq(billingWebhookEvents.stripeEventId, stripeEventId));
    if (!row) throw new NotFound("No Stripe event with that id is in the inbox.");
    const platform = await enterTenant(tx, { tenantId: PLATFORM_TENANT_ID, userId: adminUserId, requestId });
    await publishEvent(platform, { event: STRIPE_EVENT_RECEIVED, data: { stripeEventId }, idempotencyKey: `replay:${stripeEventId}:${crypto.randomUUID()}` });
    await recordAudit(platform, { action: "billing.event_replayed", entityType: "stripe_event", entityId: stripeEventId, before: { status: row.status }, after: { type: row.type } });
    return { queued: true as const, status: row.status };
  });
}
