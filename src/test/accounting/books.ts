import { withTenant, type Actor, type TenantTx } from "../../server/db/tenant";
import { listAccounts } from "../../server/modules/accounting/accounts";
import { createDraft, postEntry } from "../../server/modules/accounting/entries";
import { createTenant } from "../fixtures";

/**
 * Test support: a fresh tenant's books, with cash sales and cash expenses posted through the
 * accounting services (one entry each: cash against sales, bank fees against cash).
 */
export async function cashBooks() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const accounts = await run((tx) => listAccounts(tx));
  const id = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
  const saleLines = (minor: string, currency: string) => [{ accountId: id("cash"), debit: minor, currency }, { accountId: id("sales"), credit: minor, currency }];
  const post = (date: string, lines: { accountId: string; debit?: string; credit?: string; currency?: string }[]) =>
    run(async (tx) => postEntry(tx, actor, (await createDraft(tx, actor, { date, lines })).id));
  /** A cash sale of `minor` (minor units) on `date`. */
  const sale = (date: string, minor: string, currency = "USD") => post(date, saleLines(minor, currency));
  /** Many cash sales in one transaction (faster for long daily series). */
  const sales = (items: { date: string; minor: string; currency?: string }[]) =>
    run(async (tx) => {
      for (const s of items) await postEntry(tx, actor, (await createDraft(tx, actor, { date: s.date, lines: saleLines(s.minor, s.currency ?? "USD") })).id);
    });
  /** A cash expense (bank fees) of `minor` on `date`. */
  const expense = (date: string, minor: string) => post(date, [{ accountId: id("bank_fees"), debit: minor }, { accountId: id("cash"), credit: minor }]);
  return { org, owner, actor, run, id, sale, sales, expense };
}
