import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { LimitReached } from "../../platform/errors";

/**
 * The number of seats (members + open invitations) the tenant's plan allows; null =
 * unlimited. The billing module fills this in; until then every plan is unlimited.
 */
export async function seatLimit(_tx: TenantTx): Promise<{ plan: string; seats: number | null }> {
  return { plan: "free", seats: null };
}

/** Throws LimitReached when one more member or invitation would exceed the plan's seats. */
export async function assertSeatAvailable(tx: TenantTx): Promise<void> {
  const { plan, seats } = await seatLimit(tx);
  if (seats === null) return;
  const [row] = await tx.execute<{ used: number }>(sql`
    select (select count(*) from memberships)::int
         + (select count(*) from invitations where accepted_at is null and revoked_at is null and expires_at > now())::int as used`);
  if ((row?.used ?? 0) >= seats) {
    throw new LimitReached("seats", plan, `Your ${plan} plan includes ${seats} seats, and all are taken. Upgrade the plan or remove a member first.`);
  }
}
