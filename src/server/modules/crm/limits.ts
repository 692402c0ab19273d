import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { assertCapacity, type UsageLimit } from "../orgs/limits";

const count = (n: number) => n.toLocaleString("en-US");

/** Live (not deleted or merged) contacts, against the plan's "crm.contacts". */
export const CONTACTS_LIMIT: UsageLimit = {
  key: "crm.contacts",
  async count(tx) {
    const [row] = await tx.execute<{ used: number }>(sql`select neuroops_crm_live_contact_count() as used`);
    return row?.used ?? 0;
  },
  refusal: ({ planLabel, limit, used, adding }) =>
    `Your ${planLabel} plan allows ${count(limit)} contacts; you have ${count(used)}` +
    (adding > 1 ? ` and are adding ${count(adding)} (room for ${count(Math.max(0, limit - used))}).` : ".") +
    " Upgrade the plan or delete contacts you no longer need.",
};

/** Throws LimitReached when adding `adding` contacts would exceed the plan. */
export function assertContactCapacity(tx: TenantTx, adding = 1): Promise<void> {
  return assertCapacity(tx, CONTACTS_LIMIT, adding);
}
