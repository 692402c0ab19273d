import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { DomainError } from "../../../platform/errors";
import { createTenant } from "../../../../test/fixtures";
import { createCompany } from "../../crm/companies/companies";
import { trialBalance } from "../reports";
import { verifyChain } from "../verify";
import { createDocument, getDocument } from "./documents";
import { recordPayment, voidPayment } from "./payments";
import { createCredit, postDocument, voidDocument } from "./posting";
import { agingReport, taxReport } from "./reports";
import { createTaxRate } from "./setup";

/*
 * Documents against random work: invoices and bills with random lines and taxes (exclusive
 * and inclusive), partial, full and over-payments, credit notes, voids of payments and of
 * documents, in any order. Refusals the rules make (a void with payments applied, a credit
 * beyond the document) are expected and must change nothing. After each run:
 *  - the trial balance nets to zero and the hash chain is intact;
 *  - the receivable account equals what aging says is owed less unapplied credit (and the
 *    payable account the same on the other side);
 *  - the tax account's balance equals the tax report's net over all time;
 *  - every document's paid + due = total, and no document is settled beyond its total.
 */

type Operation =
  | { op: "invoice" | "bill"; party: number; day: number; lines: { quantity: number; price: number; tax: number; discount: number }[] }
  | { op: "pay"; pick: number; fraction: number; extra: number }
  | { op: "credit"; pick: number }
  | { op: "voidPayment"; pick: number }
  | { op: "voidDocument"; pick: number };

const line = fc.record({ quantity: fc.integer({ min: 1, max: 7 }), price: fc.integer({ min: 1, max: 250_000 }), tax: fc.integer({ min: 0, max: 3 }), discount: fc.constantFrom(0, 0, 10, 12.5) });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("invoice" as const, "bill" as const), party: fc.nat(1), day: fc.integer({ min: 0, max: 200 }), lines: fc.array(line, { minLength: 1, maxLength: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("pay" as const), pick: fc.nat(), fraction: fc.constantFrom(0.3, 0.5, 1), extra: fc.constantFrom(0, 0, 0, 1234) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("credit" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("voidPayment" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("voidDocument" as const), pick: fc.nat() }) },
);

const dateOf = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

/** Runs a call the rules may refuse; a refusal (a DomainError) is fine, anything else fails the test. */
async function allowRefusal(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
}

describe("documents under random work", () => {
  it("keep the books balanced and agree with aging and the tax report", async () => {
    const { org, owner } = await createTenant();
    const actor: Actor = { userId: owner.id, role: "owner" };
    const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    const setup = await run(async (tx) => {
      const parties = [(await createCompany(tx, actor, { name: "Alpha" })).id, (await createCompany(tx, actor, { name: "Beta" })).id];
      const rates = [null, (await createTaxRate(tx, actor, { name: "Excl 8.25", ratePercent: "8.25" })).id, (await createTaxRate(tx, actor, { name: "Incl 20", ratePercent: "20", inclusive: true })).id, (await createTaxRate(tx, actor, { name: "Excl 5", ratePercent: "5" })).id];
      const [expense] = await tx.execute<{ id: string }>(sql`select id from accounting_accounts where code = '6900'`);
      return { parties, rates, expenseId: expense!.id };
    });
    const documents: { id: string; kind: "invoice" | "bill" }[] = [];
    const payments: string[] = [];

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 12, maxLength: 12 }), async (operations) => {
        for (const o of operations) {
          if (o.op === "invoice" || o.op === "bill") {
            const kind = o.op;
            const document = await run(async (tx) => {
              const draft = await createDocument(tx, actor, {
                kind,
                companyId: setup.parties[o.party]!,
                issueDate: dateOf(o.day),
                lines: o.lines.map((l, i) => ({
                  description: `Line ${i}`,
                  quantity: String(l.quantity),
                  unitPrice: String(l.price),
                  discountPercent: String(l.discount),
                  taxRateIds: setup.rates[l.tax] ? [setup.rates[l.tax]!] : [],
                  accountId: kind === "bill" ? setup.expenseId : undefined,
                })),
              });
              return postDocument(tx, actor, draft.id);
            });
            documents.push({ id: document.id, kind });
          } else if (o.op === "pay" && documents.length) {
            const target = documents[o.pick % documents.length]!;
            const view = await run((tx) => getDocument(tx, target.id));
            const due = BigInt(view.due);
            if (view.status !== "posted" || due <= 0n) continue;
            const allocate = o.fraction === 1 ? due : BigInt(Math.max(1, Math.floor(Number(due) * o.fraction)));
            await allowRefusal(async () => {
              const payment = await run((tx) =>
                recordPayment(tx, actor, {
                  direction: target.kind === "invoice" ? "received" : "made",
                  date: view.issueDate,
                  companyId: view.companyId,
                  amount: String(allocate + BigInt(o.extra)),
                  allocations: [{ documentId: target.id, amount: String(allocate) }],
                }),
              );
              payments.push(payment.id);
            });
          } else if (o.op === "credit" && documents.length) {
            const target = documents[o.pick % documents.length]!;
            await allowRefusal(() => run(async (tx) => postDocument(tx, actor, (await createCredit(tx, actor, { id: target.id, issueDate: "2026-08-01" })).id)));
          } else if (o.op === "voidPayment" && payments.length) {
            await allowRefusal(() => run((tx) => voidPayment(tx, actor, { id: payments[o.pick % payments.length]!, date: "2026-08-02" })));
          } else if (o.op === "voidDocument" && documents.length) {
            await allowRefusal(() => run((tx) => voidDocument(tx, actor, { id: documents[o.pick % documents.length]!.id, date: "2026-08-03" })));
          }
        }

        const trial = await run((tx) => trialBalance(tx, {}));
        for (const t of trial.totals) expect(t.balance, `trial balance in ${t.currency}`).toBe("0");
        expect((await run((tx) => verifyChain(tx))).intact).toBe(true);

        const accountRows = await run((tx) => tx.execute<{ id: string; system_key: string }>(sql`select id, system_key from accounting_accounts where system_key is not null`));
        const accountIds = new Map(accountRows.map((r) => [r.system_key, r.id]));
        const balanceOf = (key: string) => BigInt(trial.rows.find((r) => r.accountId === accountIds.get(key))?.balance ?? "0");
        const sumAging = (report: Awaited<ReturnType<typeof agingReport>>) => report.totals.reduce((s, t) => s + BigInt(t.total) - BigInt(t.credit), 0n);
        // Far in the future: every payment, credit and void is in.
        const receivables = await run((tx) => agingReport(tx, { side: "receivables", asOf: "2099-12-31" }));
        const payables = await run((tx) => agingReport(tx, { side: "payables", asOf: "2099-12-31" }));
        expect(balanceOf("receivable"), "receivable = aging − credit").toBe(sumAging(receivables));
        expect(-balanceOf("payable"), "payable = aging − credit").toBe(sumAging(payables));
        const tax = await run((tx) => taxReport(tx, { from: "2000-01-01", to: "2099-12-31" }));
        expect(-balanceOf("sales_tax"), "tax account = tax report's net").toBe(tax.net.reduce((s, n) => s + BigInt(n.amount), 0n));

        const [overSettled] = await run((tx) =>
          tx.execute<{ n: number }>(sql`
            select count(*)::int as n from accounting_documents d
             where coalesce((select sum(a.amount) from accounting_allocations a where a.document_id = d.id and a.voided_at is null), 0) > d.total`),
        );
        expect(overSettled!.n).toBe(0);
      }),
      { numRuns: 10 },
    );
  }, 240_000);
});
