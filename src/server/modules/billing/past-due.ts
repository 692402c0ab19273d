import { and, asc, eq, isNotNull } from "drizzle-orm";
import { withTenant } from "../../db/tenant";
import { billingSubscriptions } from "./schema";
import { PAST_DUE_GRACE_DAYS } from "./subscriptions";

/**
 * For the tenant layout's banner (owners): when a subscription's payment is past due, the day
 * its plan stops applying. One short read by the subscriptions' primary key prefix; null when
 * nothing is past due.
 */
export async function pastDueNotice(tenantId: string, userId: string): Promise<{ graceEndsAt: Date } | null> {
  const [row] = await withTenant({ tenantId, userId }, (tx) =>
    tx
      .select({ since: billingSubscriptions.pastDueSince })
      .from(billingSubscriptions)
      .where(and(eq(billingSubscriptions.status, "past_due"), isNotNull(billingSubscriptions.pastDueSince)))
      .orderBy(asc(billingSubscriptions.pastDueSince))
      .limit(1),
  );
  return row?.since ? { graceEndsAt: new Date(row.since.getTime() + PAST_DUE_GRACE_DAYS * 24 * 60 * 60 * 1000) } : null;
}
