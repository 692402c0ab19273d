import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { Conflict, NotFound } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { createDraft, postEntry } from "./entries";
import { postedTotals } from "./reports";

/*
 * Closing a fiscal year: one generated, posted entry dated the year's last day that
 * brings every income and expense account to zero for that year, per currency, and puts
 * the difference (the year's result) on retained earnings. Once per year end; the profit
 * and loss leaves closing entries out, so the year's report is unchanged.
 */

export const closeYearInput = z.object({ yearEnd: z.iso.date("Enter the year's last day, like 2026-12-31.") });

export async function closeFiscalYear(tx: TenantTx, actor: Actor, rawInput: z.input<typeof closeYearInput>) {
  const input = parseInput(closeYearInput, rawInput);
  const sourceId = `FY-${input.yearEnd}`;
  const [done] = await tx.execute<{ number: number }>(sql`select number from accounting_entries where source = 'closing' and source_id = ${sourceId}`);
  if (done) throw new Conflict(`The year ending ${input.yearEnd} is already closed (entry ${done.number}).`);
  const [retained] = await tx.execute<{ id: string }>(sql`select id from accounting_accounts where system_key = 'retained_earnings'`);
  if (!retained) throw new NotFound("The chart has no retained earnings account.");
  // The year: from the day after the previous closing (or the beginning) to the year end.
  const [previous] = await tx.execute<{ day: string | null }>(sql`
    select (max(date) + 1)::text as day from accounting_entries where source = 'closing' and status = 'posted' and date < ${input.yearEnd}::date`);
  const from = previous?.day ?? "0001-01-01";
  const balances = await tx.execute<{ account_id: string; currency: string; balance: string }>(sql`
    select t.account_id, t.currency, (t.debit - t.credit)::text as balance
      from ${postedTotals(from, input.yearEnd, { withoutClosing: true })} t join accounting_accounts a on a.id = t.account_id
     where a.type in ('income', 'expense') and t.debit <> t.credit
     order by a.code, t.currency`);
  if (!balances.length) throw new Conflict(`Nothing to close: no income or expense from ${from === "0001-01-01" ? "the beginning" : from} to ${input.yearEnd}.`);
  const lines: { accountId: string; currency: string; debit?: string; credit?: string }[] = [];
  const result = new Map<string, bigint>();
  const SCALE = 100_000_000n;
  const units = (text: string) => {
    const [whole, fraction = ""] = text.replace("-", "").split(".");
    const value = BigInt(whole!) * SCALE + BigInt(fraction.padEnd(8, "0").slice(0, 8));
    return text.startsWith("-") ? -value : value;
  };
  const text = (value: bigint) => `${value / SCALE}.${(value % SCALE).toString().padStart(8, "0")}`;
  for (const b of balances) {
    const balance = units(b.balance); // debit − credit
    // Zero it: credit a debit balance, debit a credit balance.
    lines.push(balance > 0n ? { accountId: b.account_id, currency: b.currency, credit: text(balance) } : { accountId: b.account_id, currency: b.currency, debit: text(-balance) });
    result.set(b.currency, (result.get(b.currency) ?? 0n) + balance);
  }
  for (const [currency, net] of result) {
    if (net === 0n) continue;
    // net > 0: expenses exceeded income (a loss) → debit retained earnings.
    lines.push(net > 0n ? { accountId: retained.id, currency, debit: text(net) } : { accountId: retained.id, currency, credit: text(-net) });
  }
  const draft = await createDraft(tx, actor, { date: input.yearEnd, memo: `Closing of the year ending ${input.yearEnd}`, source: "closing", sourceId, lines });
  const entry = await postEntry(tx, actor, draft.id);
  await recordAudit(tx, { action: "accounting.year.closed", entityType: "accounting.entry", entityId: entry.id, after: { yearEnd: input.yearEnd, number: entry.number } });
  return entry;
}
