import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../db/tenant";
import { addMember, createTenant, createUser, pgFailure } from "../../../test/fixtures";
import { ValidationFailed } from "../../platform/errors";
import { createCompany } from "../crm/companies/companies";
import { listAccounts } from "./accounts";
import { overdueInvoicesTool, revenueInPeriodTool } from "./ai-tools";
import { createDocument } from "./documents/documents";
import { recordPayment } from "./documents/payments";
import { postDocument } from "./documents/posting";
import { createDraft, postEntry } from "./entries";
import { ACCOUNTING } from "./permissions";
import { incomeStatement } from "./reports";

/* The AI assistant's accounting tools: the same figures as the reports, for whoever may read them, never writing. */

async function books() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const viewer = await createUser();
  await addMember(org.id, viewer.id, "viewer");
  const viewerActor: Actor = { userId: viewer.id, role: "viewer" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  /** As the viewer, in a transaction Postgres refuses to write in: any insert, update, delete or audit entry fails it. */
  const readOnly = <T,>(fn: (tx: TenantTx) => Promise<T>) =>
    withTenant({ tenantId: org.id, userId: viewer.id, role: "viewer" }, async (tx) => {
      await tx.execute(sql`set transaction read only`);
      return fn(tx);
    });
  const ids = await run(async (tx) => ({
    acme: (await createCompany(tx, actor, { name: "Acme" })).id,
    zeta: (await createCompany(tx, actor, { name: "Zeta" })).id,
  }));
  const accounts = await run((tx) => listAccounts(tx));
  const account = (key: string) => accounts.find((a) => a.systemKey === key)!.id;
  return { actor, viewerActor, run, readOnly, account, ...ids };
}
type Books = Awaited<ReturnType<typeof books>>;

const invoice = (b: Books, companyId: string, dueDate: string, unitPrice: string, options: { currency?: string; post?: boolean } = {}) =>
  b.run(async (tx) => {
    const draft = await createDocument(tx, b.actor, { kind: "invoice", companyId, issueDate: "2020-01-01", dueDate, currency: options.currency, lines: [{ description: "Work", quantity: "1", unitPrice }] });
    return options.post === false ? draft : postDocument(tx, b.actor, draft.id);
  });

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

describe("accounting AI tools", () => {
  it("refuse a write in the read-only transaction the tests run them in (the harness can fail)", async () => {
    const b = await books();
    const write = b.readOnly((tx) => createCompany(tx, b.actor, { name: "Nope" }));
    expect(await pgFailure(write)).toMatchObject({ code: "25006" }); // read_only_sql_transaction
  });

  it("overdue_invoices lists unpaid invoices past due, largest outstanding first, with totals per currency over all of them", async () => {
    const b = await books();
    const partlyPaid = await invoice(b, b.acme, "2020-01-31", "1000");
    await b.run((tx) => recordPayment(tx, b.actor, { direction: "received", date: "2020-02-10", companyId: b.acme, amount: "400", allocations: [{ documentId: partlyPaid.id, amount: "400" }] }));
    const largest = await invoice(b, b.zeta, "2020-03-01", "5000");
    const euro = await invoice(b, b.zeta, "2020-02-15", "3000", { currency: "EUR" });
    await invoice(b, b.acme, "2099-12-31", "9999"); // not due yet
    await invoice(b, b.zeta, "2020-01-15", "7777", { post: false }); // a draft is not owed
    const settled = await invoice(b, b.zeta, "2020-02-01", "2000");
    await b.run((tx) => recordPayment(tx, b.actor, { direction: "received", date: "2020-02-10", companyId: b.zeta, amount: "2000", allocations: [{ documentId: settled.id, amount: "2000" }] }));

    const result = await b.readOnly((tx) => overdueInvoicesTool.run(tx, b.viewerActor, { limit: 2 }));
    const data = result.data as { asOf: string; invoices: unknown[]; overdueCount: number; overdueTotals: unknown[] };
    expect(data.invoices).toEqual([
      { id: largest.id, number: largest.number, customer: "Zeta", currency: "USD", outstanding: "50", issueDate: "2020-01-01", dueDate: "2020-03-01", daysOverdue: daysBetween("2020-03-01", data.asOf) },
      { id: euro.id, number: euro.number, customer: "Zeta", currency: "EUR", outstanding: "30", issueDate: "2020-01-01", dueDate: "2020-02-15", daysOverdue: daysBetween("2020-02-15", data.asOf) },
    ]);
    expect(data.overdueCount).toBe(3);
    expect(data.overdueTotals).toEqual([
      { currency: "EUR", count: 1, outstanding: "30" },
      { currency: "USD", count: 2, outstanding: "56" },
    ]);
    expect(result.records).toEqual([
      { recordType: "invoice", id: largest.id, label: `Invoice ${largest.number} (Zeta)`, href: `/accounting/documents/${largest.id}` },
      { recordType: "invoice", id: euro.id, label: `Invoice ${euro.number} (Zeta)`, href: `/accounting/documents/${euro.id}` },
    ]);

    const inUsd = await b.readOnly((tx) => overdueInvoicesTool.run(tx, b.viewerActor, { limit: 10, currency: "USD" }));
    expect((inUsd.data as { invoices: { id: string; outstanding: string }[] }).invoices.map((i) => [i.id, i.outstanding])).toEqual([
      [largest.id, "50"],
      [partlyPaid.id, "6"],
    ]);
  });

  it("revenue_in_period gives total income per currency exactly as the profit and loss computes it", async () => {
    const b = await books();
    const sale = (date: string, minor: string, currency = "USD") =>
      b.run(async (tx) => postEntry(tx, b.actor, (await createDraft(tx, b.actor, { date, lines: [{ accountId: b.account("cash"), debit: minor, currency }, { accountId: b.account("sales"), credit: minor, currency }] })).id));
    await sale("2025-12-31", "999"); // the day before
    await sale("2026-01-01", "100");
    await sale("2026-02-15", "250075");
    await sale("2026-02-28", "1250", "EUR");
    await sale("2026-03-01", "7"); // the day after

    const result = await b.readOnly((tx) => revenueInPeriodTool.run(tx, b.viewerActor, { from: "2026-01-01", to: "2026-02-28" }));
    const data = result.data as { revenue: { currency: string; amount: string }[]; incomeAccounts: { id: string; currency: string; amount: string }[]; netIncome: unknown[] };
    expect(data.revenue).toEqual([
      { currency: "EUR", amount: "12.5" },
      { currency: "USD", amount: "2501.75" },
    ]);
    expect(data.netIncome).toEqual(data.revenue);
    expect(data.incomeAccounts.map((a) => [a.id, a.currency, a.amount])).toEqual([
      [b.account("sales"), "EUR", "12.5"],
      [b.account("sales"), "USD", "2501.75"],
    ]);
    expect(result.records[0]).toMatchObject({ recordType: "account", id: b.account("sales"), href: `/accounting/accounts/${b.account("sales")}` });
    // The same figures as the report itself (in storage units there: minor units).
    const report = await b.run((tx) => incomeStatement(tx, { from: "2026-01-01", to: "2026-02-28" }));
    expect(report.totalIncome.map((t) => [t.currency, t.amount])).toEqual([
      ["EUR", "1250"],
      ["USD", "250175"],
    ]);
  });

  it("refuse dates that are not days or a range that ends before it starts, with a message the model can act on", async () => {
    const b = await books();
    await expect(b.readOnly((tx) => revenueInPeriodTool.run(tx, b.viewerActor, { from: "2026-03-01", to: "2026-02-01" }))).rejects.toMatchObject({
      fields: { from: ["The start must be on or before the end."] },
    });
    await expect(b.readOnly((tx) => revenueInPeriodTool.run(tx, b.viewerActor, { from: "2026-02-30", to: "2026-03-01" }))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(b.readOnly((tx) => overdueInvoicesTool.run(tx, b.viewerActor, { limit: 10, currency: "dollars" }))).rejects.toBeInstanceOf(ValidationFailed);
    expect(overdueInvoicesTool.input.safeParse({ limit: 21 }).success).toBe(false);
  });

  it("are for whoever may read the books: the minimum role is ACCOUNTING.read, as for the reports' own procedures", () => {
    expect(overdueInvoicesTool.minimumRole).toBe(ACCOUNTING.read);
    expect(revenueInPeriodTool.minimumRole).toBe(ACCOUNTING.read);
  });

  it("find nothing of another tenant's books", async () => {
    const a = await books();
    await invoice(a, a.acme, "2020-01-31", "1000");
    await a.run(async (tx) => postEntry(tx, a.actor, (await createDraft(tx, a.actor, { date: "2026-01-10", lines: [{ accountId: a.account("cash"), debit: "500" }, { accountId: a.account("sales"), credit: "500" }] })).id));
    const b = await books();
    const overdue = await b.readOnly((tx) => overdueInvoicesTool.run(tx, b.viewerActor, { limit: 20 }));
    expect(overdue.data).toMatchObject({ invoices: [], overdueCount: 0, overdueTotals: [] });
    const revenue = await b.readOnly((tx) => revenueInPeriodTool.run(tx, b.viewerActor, { from: "2026-01-01", to: "2026-12-31" }));
    expect(revenue.data).toMatchObject({ revenue: [], incomeAccounts: [] });
  });
});
