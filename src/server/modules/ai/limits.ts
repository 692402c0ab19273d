import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { assertCapacity, type UsageLimit } from "../orgs/limits";

const count = (n: number) => n.toLocaleString("en-US");

/** The UTC calendar month a message counts in (`ai_usage.month`). */
export function usageMonth(at: Date = new Date()): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** Documents in the library (any status), against the plan's "ai.documents". */
export const DOCUMENTS_LIMIT: UsageLimit = {
  key: "ai.documents",
  async count(tx) {
    const [row] = await tx.execute<{ used: number }>(sql`select count(*)::int as used from ai_documents`);
    return row?.used ?? 0;
  },
  refusal: ({ planLabel, limit, used }) =>
    limit === 0
      ? `Your ${planLabel} plan does not include AI documents. Upgrade the plan on Settings → Billing to build a document library.`
      : `Your ${planLabel} plan allows ${count(limit)} AI documents; you have ${count(used)}. Delete documents you no longer need, or upgrade the plan on Settings → Billing.`,
};

/** Chat questions asked this calendar month (UTC), against the plan's "ai.messages_per_month". */
export const MESSAGES_LIMIT: UsageLimit = {
  key: "ai.messages_per_month",
  async count(tx) {
    const [row] = await tx.execute<{ used: number }>(sql`select coalesce(sum(messages), 0)::int as used from ai_usage where month = ${usageMonth()}::date`);
    return row?.used ?? 0;
  },
  refusal: ({ planLabel, limit, used }) =>
    `Your ${planLabel} plan allows ${count(limit)} AI questions a month and ${count(used)} have been asked this month. ` +
    "The count starts again on the 1st; upgrade the plan on Settings → Billing for more.",
};

export function assertDocumentCapacity(tx: TenantTx, adding = 1): Promise<void> {
  return assertCapacity(tx, DOCUMENTS_LIMIT, adding);
}

export function assertMessageCapacity(tx: TenantTx): Promise<void> {
  return assertCapacity(tx, MESSAGES_LIMIT, 1);
}

/**
 * Adds to a month's usage: a question when it is admitted (`messages: 1`, under the limit's
 * lock), the model's tokens when its answer is saved (`messages: 0`, in the month the
 * question was admitted).
 */
export async function recordUsage(tx: TenantTx, usage: { messages: 0 | 1; input: number; output: number; month?: string }): Promise<void> {
  await tx.execute(sql`
    insert into ai_usage (month, messages, input_tokens, output_tokens)
    values (${usage.month ?? usageMonth()}::date, ${usage.messages}, ${usage.input}, ${usage.output})
    on conflict (tenant_id, month) do update set
      messages = ai_usage.messages + excluded.messages,
      input_tokens = ai_usage.input_tokens + excluded.input_tokens,
      output_tokens = ai_usage.output_tokens + excluded.output_tokens`);
}
