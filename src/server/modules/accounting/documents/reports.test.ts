import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { createTenant } from "../../../../test/fixtures";
import { createCompany } from "../../crm/companies/companies";
import { createDocument } from "./documents";
import { recordPayment, voidPayment } from "./payments";
import { createCredit, postDocument, voidDocument } from "./posting";
import { agingReport, documentReportRows, taxReport } from "./reports";
import { createTaxRate } from "./setup";

async function setup() {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  const ids = await run(async (tx) => ({
    acme: (await createCompany(tx, actor, { name: "Acme" })).id,
    zeta: (await createCompany(tx, actor, { name: "Zeta" })).id,
    supplier: (await createCompany(tx, actor, { name: "Supplier" })).id,
    standard: (await createTaxRate(tx, actor, { name: "Standard 20%", ratePercent: "20" })).id,
    reduced: (await createTaxRate(tx, actor, { name: "Reduced 5%", ratePercent: "5" })).id,
  }));
  return { actor, run, ...ids };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const sendInvoice = (s: Setup, companyId: string, issueDate: string, dueDate: string, unitPrice: string, taxRateIds: string[] = []) =>
  s.run(async (tx) => postDocument(tx, s.actor, (await createDocument(tx, s.actor, { kind: "invoice", companyId, issueDate, dueDate, lines: [{ description: "Work", quantity: "1", unitPrice, taxRateIds }] })).id));

describe("receivables aging", () => {
  it("buckets what is open on a day by days past due, less what was paid by then; credit shown beside", async () => {
    const s = await setup();
    await sendInvoice(s, s.acme, "2026-01-01", "2026-06-30", "1000"); // current on 06-30
    await sendInvoice(s, s.acme, "2026-01-01", "2026-06-15", "2000"); // 15 days
    const paidLater = await sendInvoice(s, s.acme, "2026-01-01", "2026-05-01", "3000"); // 60 days
    await sendInvoice(s, s.zeta, "2026-01-01", "2026-04-01", "4000"); // 90 days
    await sendInvoice(s, s.zeta, "2026-01-01", "2026-03-01", "5000"); // 121 days
    await sendInvoice(s, s.zeta, "2026-07-01", "2026-07-31", "9999"); // issued after the day: not counted
    await s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-06-01", companyId: s.acme, amount: "1000", allocations: [{ documentId: paidLater.id, amount: "1000" }] }));
    await s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-07-05", companyId: s.acme, amount: "2000", allocations: [{ documentId: paidLater.id, amount: "2000" }] }));
    await s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-06-10", companyId: s.zeta, amount: "700" }));

    const aging = await s.run((tx) => agingReport(tx, { side: "receivables", asOf: "2026-06-30" }));
    expect(aging.parties.map((p) => [p.partyName, p.buckets, p.total, p.credit])).toEqual([
      ["Acme", { current: "1000", days1to30: "2000", days31to60: "2000", days61to90: "0", over90: "0" }, "5000", "0"],
      ["Zeta", { current: "0", days1to30: "0", days31to60: "0", days61to90: "4000", over90: "5000" }, "9000", "700"],
    ]);
    expect(aging.totals).toEqual([{ currency: "USD", buckets: { current: "1000", days1to30: "2000", days31to60: "2000", days61to90: "4000", over90: "5000" }, total: "14000", credit: "700" }]);
    // A week later the second payment settled the 60-day invoice.
    const later = await s.run((tx) => agingReport(tx, { side: "receivables", asOf: "2026-07-06" }));
    expect(later.parties.find((p) => p.partyName === "Acme")!.documents.map((d) => d.open)).toEqual(["2000", "1000"]);
    const csv = await s.run((tx) => documentReportRows(tx, "ar-aging", { from: null, to: "2026-06-30" }));
    expect(csv[0]).toEqual(["customer", "currency", "current", "1-30", "31-60", "61-90", "over 90", "total", "unapplied credit"]);
    expect(csv.at(-1)).toEqual(["total", "USD", "10", "20", "20", "40", "50", "140", "7"]);
  });

  it("counts a voided payment until the day of its void", async () => {
    const s = await setup();
    const invoice = await sendInvoice(s, s.acme, "2026-01-01", "2026-01-31", "1000");
    const payment = await s.run((tx) => recordPayment(tx, s.actor, { direction: "received", date: "2026-02-01", companyId: s.acme, amount: "1000", allocations: [{ documentId: invoice.id, amount: "1000" }] }));
    await s.run((tx) => voidPayment(tx, s.actor, { id: payment.id, date: "2026-03-01" }));
    expect((await s.run((tx) => agingReport(tx, { side: "receivables", asOf: "2026-02-15" }))).parties).toEqual([]);
    // The allocation is voided "now" (its timestamp), so as of any day before today it still counted; as of today it is open again.
    expect((await s.run((tx) => agingReport(tx, { side: "receivables" }))).totals[0]!.total).toBe("1000");
  });
});

describe("tax report", () => {
  it("sums base and tax per rate, sales less credits and voids, purchases apart, and agrees with the tax account", async () => {
    const s = await setup();
    const mixed = await s.run(async (tx) =>
      postDocument(
        tx,
        s.actor,
        (
          await createDocument(tx, s.actor, {
            kind: "invoice",
            companyId: s.acme,
            issueDate: "2026-03-05",
            lines: [
              { description: "Standard", quantity: "2", unitPrice: "5000", taxRateIds: [s.standard] },
              { description: "Books", quantity: "1", unitPrice: "2000", taxRateIds: [s.reduced] },
            ],
          })
        ).id,
      ),
    );
    await s.run(async (tx) => postDocument(tx, s.actor, (await createCredit(tx, s.actor, { id: mixed.id, lines: [{ lineId: mixed.lines[0]!.id, quantity: "1" }], issueDate: "2026-03-20" })).id));
    const voided = await sendInvoice(s, s.zeta, "2026-02-10", "2026-03-10", "10000", [s.standard]);
    await s.run((tx) => voidDocument(tx, s.actor, { id: voided.id, date: "2026-03-15" }));
    await s.run(async (tx) =>
      postDocument(tx, s.actor, (await createDocument(tx, s.actor, { kind: "bill", companyId: s.supplier, issueDate: "2026-03-07", lines: [{ description: "Paper", quantity: "1", unitPrice: "3000", taxRateIds: [s.standard], accountId: (await tx.execute<{ id: string }>(sql`select id from accounting_accounts where code = '6300'`))[0]!.id }] })).id),
    );
    await sendInvoice(s, s.acme, "2026-04-01", "2026-04-30", "100000", [s.standard]); // outside March

    const march = await s.run((tx) => taxReport(tx, { from: "2026-03-01", to: "2026-03-31" }));
    expect(march.rows.map((r) => [r.side, r.name, r.base, r.tax, r.documents])).toEqual([
      // sales: 10000 + credit −5000 + void of a February invoice −10000; tax 2000 − 1000 − 2000
      ["sales", "Reduced 5%", "2000", "100", 1],
      ["sales", "Standard 20%", "-5000", "-1000", 3],
      ["purchases", "Standard 20%", "3000", "600", 1],
    ]);
    expect(march.net).toEqual([{ currency: "USD", amount: String(100 - 1000 - 600) }]);
    const [ledger] = await s.run((tx) =>
      tx.execute<{ movement: string }>(sql`
        select coalesce(sum(l.credit - l.debit), 0)::bigint::text as movement from accounting_lines l join accounting_entries e on e.id = l.entry_id
         join accounting_accounts a on a.id = l.account_id where a.system_key = 'sales_tax' and e.status = 'posted' and e.date between '2026-03-01' and '2026-03-31'`),
    );
    expect(ledger!.movement).toBe(march.net[0]!.amount);
  });
});
