import { describe, expect, it } from "vitest";
import { withTenant, type Actor } from "../../db/tenant";
import { createTenant } from "../../../test/fixtures";
import { csvLines } from "../../platform/csv";
import { listAccounts } from "./accounts";
import { createDraft, postEntry } from "./entries";
import { reportRows } from "./report-table";

describe("reports as rows (CSV and the command line)", () => {
  it("writes the trial balance as account,currency,debit,credit,balance with exact decimals, each account's own postings", async () => {
    const { org, owner } = await createTenant();
    const actor: Actor = { userId: owner.id, role: "owner" };
    const csv = await withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, async (tx) => {
      const accounts = await listAccounts(tx);
      const id = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
      const sale = await createDraft(tx, actor, { date: "2026-03-31", lines: [{ accountId: id("receivable"), debit: "1234.5" }, { accountId: id("sales"), credit: "1234.5" }] });
      await postEntry(tx, actor, sale.id);
      const later = await createDraft(tx, actor, { date: "2026-04-01", lines: [{ accountId: id("cash"), debit: "1" }, { accountId: id("sales"), credit: "1" }] });
      await postEntry(tx, actor, later.id);
      return csvLines(await reportRows(tx, "trial-balance", { from: "2026-03-01", to: "2026-03-31" }));
    });
    // Stored in cents (1234.5 = $12.345), written in dollars.
    expect(csv).toBe("account,currency,debit,credit,balance\r\n1200 Accounts receivable,USD,12.345,0,12.345\r\n4000 Sales,USD,0,12.345,-12.345\r\n");
  });
});
