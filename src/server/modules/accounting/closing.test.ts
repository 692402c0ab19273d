import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { listAccounts } from "./accounts";
import { closeFiscalYear } from "./closing";
import { createDraft, postEntry } from "./entries";
import { balanceSheet, incomeStatement, trialBalance } from "./reports";

describe("closing a fiscal year", () => {
  it("moves the year's income and expenses to retained earnings, once, leaving the year's P&L as it was", async () => {
    const { org, owner } = await createTenant();
    const actor: Actor = { userId: owner.id, role: "owner" };
    const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    const accounts = await run((tx) => listAccounts(tx));
    const id = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
    const post = (date: string, lines: { accountId: string; debit?: string; credit?: string }[]) =>
      run(async (tx) => postEntry(tx, actor, (await createDraft(tx, actor, { date, lines })).id));
    await post("2025-03-01", [{ accountId: id("cash"), debit: "100000" }, { accountId: id("sales"), credit: "100000" }]);
    await post("2025-06-01", [{ accountId: id("cogs"), debit: "30000" }, { accountId: id("cash"), credit: "30000" }]);
    await post("2026-01-10", [{ accountId: id("cash"), debit: "5000" }, { accountId: id("sales"), credit: "5000" }]);

    const closing = await run((tx) => closeFiscalYear(tx, actor, { yearEnd: "2025-12-31" }));
    expect(closing).toMatchObject({ source: "closing", date: "2025-12-31", status: "posted" });
    expect(closing.lines.map((l) => [l.accountId, l.debit, l.credit])).toEqual([
      [id("sales"), "100000", "0"],
      [id("cogs"), "0", "30000"],
      [id("retained_earnings"), "0", "70000"],
    ]);
    // The year's P&L is unchanged; the books' income and expense accounts for 2025 are at zero.
    const pl = await run((tx) => incomeStatement(tx, { from: "2025-01-01", to: "2025-12-31" }));
    expect(pl.netIncome).toMatchObject([{ currency: "USD", amount: "70000" }]);
    const trial = await run((tx) => trialBalance(tx, { to: "2025-12-31" }));
    expect(trial.rows.filter((r) => r.type === "income" || r.type === "expense").map((r) => r.balance)).toEqual(["0", "0"]);
    const sheet = await run((tx) => balanceSheet(tx, { asOf: "2025-12-31" }));
    expect(sheet).toMatchObject({ balanced: true, unclosedEarnings: [{ currency: "USD", amount: "0" }] });
    expect(sheet.equity).toEqual([expect.objectContaining({ code: "3900", amount: "70000" })]);
    await expect(run((tx) => closeFiscalYear(tx, actor, { yearEnd: "2025-12-31" }))).rejects.toThrow(/already closed \(entry 4\)/);
    // The next year starts where the last closing ended.
    const next = await run((tx) => closeFiscalYear(tx, actor, { yearEnd: "2026-12-31" }));
    expect(next.lines.map((l) => [l.accountId, l.debit, l.credit])).toEqual([
      [id("sales"), "5000", "0"],
      [id("retained_earnings"), "0", "5000"],
    ]);
  });
});
