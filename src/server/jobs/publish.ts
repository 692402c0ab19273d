import { sql } from "drizzle-orm";
import type { TenantTx } from "../db/tenant";
import { pgErrorCode } from "../platform/errors";
import type { EventDefinition, EventPayload } from "./events";
import { outboxEvents } from "./schema";

export type OutboxEventInput<TData extends EventPayload> = {
  event: EventDefinition<TData>;
  data: TData;
  /** Same key (per tenant and event name) → the event is stored once. */
  idempotencyKey?: string;
};

/**
 * Appends an event to the outbox inside the caller's tenant transaction: it is
 * delivered if and only if that transaction commits. Takes only a tenant
 * transaction (TenantTx), so publishing outside one does not compile; the database
 * refuses it too (tenant_id comes from the transaction's setting).
 */
export async function publishEvent<TData extends EventPayload>(tx: TenantTx, input: OutboxEventInput<TData>): Promise<{ id: string; duplicate: boolean }> {
  const name = input.event.name;
  try {
    const [row] = await tx
      .insert(outboxEvents)
      .values({ name, payload: input.data, idempotencyKey: input.idempotencyKey ?? null })
      .onConflictDoNothing({ target: [outboxEvents.tenantId, outboxEvents.name, outboxEvents.idempotencyKey] })
      .returning({ id: outboxEvents.id });
    if (row) return { id: row.id, duplicate: false };
    const [existing] = await tx
      .select({ id: outboxEvents.id })
      .from(outboxEvents)
      .where(sql`${outboxEvents.name} = ${name} and ${outboxEvents.idempotencyKey} = ${input.idempotencyKey ?? null}`);
    return { id: existing!.id, duplicate: true };
  } catch (error) {
    // No tenant set: tenant_id defaults to NULL, which the policy (42501) or NOT NULL (23502) rejects.
    const code = pgErrorCode(error);
    if (code === "42501" || code === "23502") {
      throw new Error("publishEvent must run inside a tenant transaction (withTenant): no tenant is set.");
    }
    throw error;
  }
}
