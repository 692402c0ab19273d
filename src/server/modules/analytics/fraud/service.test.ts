import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { addMember, createTenant, createUser } from "../../../../test/fixtures";
import { runJobOn, tenantEvents, noMembers } from "../../../jobs/testing";
import { ITEM_POSTED } from "../../accounting/events";
import { createDocument } from "../../accounting/documents/documents";
import { recordPayment } from "../../accounting/documents/payments";
import { postDocument } from "../../accounting/documents/posting";
import { createCompany } from "../../crm/companies/companies";
import { setCurrentPlan } from "../../orgs/limits";
import { scoreFraudItemJob } from "./jobs";
import { scoreFraudItems, scoreUnscored } from "./service";
import type { SignalKey } from "./index";

/*
 * Each signal from real accounting rows: bills and payments posted through accounting's own
 * services, scored from the database. A clean bill (a known supplier's usual amount, drafted by one
 * person and posted by another, on a weekday) gets none.
 */

type Stored = { score: number; method: string; signals: { key: SignalKey; value: number; reason: string }[]; reasons: { key: SignalKey }[] };

async function setup(plan: "business" | "free" = "business") {
  const { org, owner } = await createTenant();
  const poster = await createUser();
  await addMember(org.id, poster.id, "admin");
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, plan));
  const as = <T,>(userId: string, fn: (tx: TenantTx, actor: Actor) => Promise<T>) =>
    withTenant({ tenantId: org.id, userId, role: userId === owner.id ? "owner" : "admin" }, (tx) => fn(tx, { userId, role: userId === owner.id ? "owner" : "admin" }));
  const company = (name: string) => as(owner.id, (tx, actor) => createCompany(tx, actor, { name }));
  const [rent] = await as(owner.id, (tx) => tx.execute<{ id: string }>(sql`select id from accounting_accounts where code = '6000'`));
  /** Drafted by the owner, posted by `postedBy` (the admin unless said). */
  const bill = async (supplierId: string, issueDate: string, amountMinor: number, postedBy = poster.id) => {
    const draft = await as(owner.id, (tx, actor) =>
      createDocument(tx, actor, { kind: "bill", companyId: supplierId, issueDate, lines: [{ description: "Supplies", quantity: "1", unitPrice: String(amountMinor), accountId: rent!.id }] }),
    );
    return as(postedBy, (tx, actor) => postDocument(tx, actor, draft.id));
  };
  const stored = async (kind: string, id: string) => {
    const [row] = await as(owner.id, (tx) => tx.execute<Stored>(sql`select score, method, signals, reasons from analytics_fraud_scores where kind = ${kind} and item_id = ${id}`));
    return row;
  };
  const valueOf = (row: Stored | undefined, key: SignalKey) => row!.signals.find((s) => s.key === key)!.value;
  const reasonOf = (row: Stored | undefined, key: SignalKey) => row!.signals.find((s) => s.key === key)!.reason;
  return { tenantId: org.id, owner, poster, as, company, bill, stored, valueOf, reasonOf };
}

type Setup = Awaited<ReturnType<typeof setup>>;

// A supplier's usual bills: 1,234.56 ± a few percent, on weekdays in January–February 2026.
const USUAL = [123456, 119873, 127311, 121990, 125407, 118765, 126543, 122222];
const USUAL_DAYS = ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23"];

describe("fraud scores from accounting rows", () => {
  let s: Setup;
  let supplierId: string;
  beforeAll(async () => {
    s = await setup();
    supplierId = (await s.company("Initech Supplies")).id;
    for (const [i, day] of USUAL_DAYS.entries()) await s.bill(supplierId, day, USUAL[i]!);
    // Other suppliers' bills so the tenant has 20+ amounts in USD and a 90th percentile.
    const others = await Promise.all(["Acme", "Globex", "Umbrella"].map((name) => s.company(name)));
    for (let i = 0; i < 15; i++) await s.bill(others[i % 3]!.id, `2026-01-${String(6 + i).padStart(2, "0")}`, 40000 + 3137 * i);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
  }, 60_000);

  it("a clean bill: the supplier's usual amount, two people, a weekday → no reason, score 0", async () => {
    const clean = await s.bill(supplierId, "2026-03-02", 124680);
    await s.as(s.owner.id, (tx) => scoreFraudItems(tx, [{ kind: "supplier_bill", id: clean.id }]));
    const row = await s.stored("supplier_bill", clean.id);
    expect(row!.reasons).toEqual([]);
    expect(row!.score).toBe(0);
    expect(row!.method).toBe("rules");
    for (const key of ["duplicate", "round_amount", "amount_outlier", "new_counterparty_large", "unusual_time", "same_creator_approver"] as const) expect(s.valueOf(row, key)).toBe(0);
  });

  it("duplicate: the same supplier and amount within 30 days names the earlier bill", async () => {
    const first = await s.bill(supplierId, "2026-03-09", 124999);
    const again = await s.bill(supplierId, "2026-03-13", 124999);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    expect(s.valueOf(await s.stored("supplier_bill", first.id), "duplicate")).toBe(0);
    const row = await s.stored("supplier_bill", again.id);
    expect(s.valueOf(row, "duplicate")).toBe(1);
    expect(s.reasonOf(row, "duplicate")).toContain(`bill ${first.number}`);
    expect(s.reasonOf(row, "duplicate")).toContain("4 days earlier");
  });

  it("round amount: 5,000.00 is a whole multiple of 1,000", async () => {
    const round = await s.bill(supplierId, "2026-03-16", 500000);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    expect(s.valueOf(await s.stored("supplier_bill", round.id), "round_amount")).toBe(1);
  });

  it("amount outlier: twenty times the supplier's usual amount", async () => {
    const big = await s.bill(supplierId, "2026-03-17", 2468013);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    const row = await s.stored("supplier_bill", big.id);
    expect(s.valueOf(row, "amount_outlier")).toBe(1);
    expect(s.reasonOf(row, "amount_outlier")).toMatch(/times the usual/);
  });

  it("new counterparty with a large amount, and not with a small one", async () => {
    const newcomer = await s.company("Fly-by-night Ltd");
    const large = await s.bill(newcomer.id, "2026-03-18", 987654);
    const other = await s.company("Small Newcomer");
    const small = await s.bill(other.id, "2026-03-18", 1234);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    expect(s.valueOf(await s.stored("supplier_bill", large.id), "new_counterparty_large")).toBe(1);
    expect(s.valueOf(await s.stored("supplier_bill", small.id), "new_counterparty_large")).toBe(0);
  });

  it("same person drafting and posting a bill, named in the reason", async () => {
    const self = await s.bill(supplierId, "2026-03-19", 123001, s.owner.id);
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    const row = await s.stored("supplier_bill", self.id);
    expect(s.valueOf(row, "same_creator_approver")).toBe(1);
    expect(s.reasonOf(row, "same_creator_approver")).toContain(s.owner.name);
    expect(s.reasonOf(row, "same_creator_approver")).not.toContain(s.owner.id);
  });

  it("unusual time: a payment recorded at 23:30 on a Saturday (organization's zone); a backdated one is judged at noon", async () => {
    const customer = await s.company("Night Owl Inc");
    const night = await s.as(s.owner.id, (tx, actor) => recordPayment(tx, actor, { direction: "received", date: "2026-03-21", companyId: customer.id, amount: "43210" }));
    const backdated = await s.as(s.owner.id, (tx, actor) => recordPayment(tx, actor, { direction: "received", date: "2026-03-20", companyId: customer.id, amount: "43211" }));
    // The clock cannot be set for a test: the recording time is moved to that Saturday night, as if typed then.
    await s.as(s.owner.id, (tx) =>
      tx.execute(sql`update accounting_payments set created_at = ('2026-03-21 23:30'::timestamp at time zone (select time_zone from tenants where id = ${s.tenantId})) where id = ${night.id}`),
    );
    await s.as(s.owner.id, (tx) => scoreUnscored(tx));
    const row = await s.stored("customer_payment", night.id);
    expect(s.valueOf(row, "unusual_time")).toBeCloseTo(0.85, 10);
    expect(s.reasonOf(row, "unusual_time")).toContain("at night on a weekend");
    expect(s.valueOf(await s.stored("customer_payment", backdated.id), "unusual_time")).toBe(0);
  });

  it("the job scores the item its event names, and rescoring replaces the row", async () => {
    const bill = await s.bill(supplierId, "2026-03-23", 124321);
    const event = (await tenantEvents(s.tenantId, ITEM_POSTED)).find((e) => e.data.id === bill.id);
    expect(event?.data.kind).toBe("supplier_bill");
    await runJobOn(scoreFraudItemJob, s.tenantId, event!, noMembers);
    await runJobOn(scoreFraudItemJob, s.tenantId, event!, noMembers);
    const [count] = await s.as(s.owner.id, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from analytics_fraud_scores where item_id = ${bill.id}`));
    expect(count!.n).toBe(1);
  });
});

describe("Benford's law from the tenant's amounts", () => {
  it("fires for an amount whose first digit the tenant over-uses, and not for one it under-uses", async () => {
    const s = await setup();
    const customer = await s.company("Benford Customer");
    // 300 payments all starting with 9: nothing like Benford's 4.6% for that digit.
    await s.as(s.owner.id, async (tx, actor) => {
      for (let i = 0; i < 300; i++) await recordPayment(tx, actor, { direction: "received", date: "2026-02-01", companyId: customer.id, amount: String(9000 + ((i * 37) % 997)) });
    });
    const nine = await s.as(s.owner.id, (tx, actor) => recordPayment(tx, actor, { direction: "received", date: "2026-02-02", companyId: customer.id, amount: "9431" }));
    const one = await s.as(s.owner.id, (tx, actor) => recordPayment(tx, actor, { direction: "received", date: "2026-02-02", companyId: customer.id, amount: "1431" }));
    await s.as(s.owner.id, (tx) => scoreFraudItems(tx, [{ kind: "customer_payment", id: nine.id }, { kind: "customer_payment", id: one.id }]));
    expect(s.valueOf(await s.stored("customer_payment", nine.id), "benford")).toBe(1);
    const low = await s.stored("customer_payment", one.id);
    expect(s.valueOf(low, "benford")).toBe(0);
    expect(s.reasonOf(low, "benford")).toContain("do not follow Benford's law");
  }, 60_000);
});

describe("the plan gate", () => {
  it("records nothing on a plan without fraud scores", async () => {
    const s = await setup("free");
    const supplier = await s.company("Free Supplier");
    const bill = await s.bill(supplier.id, "2026-03-02", 500000);
    expect(await s.as(s.owner.id, (tx) => scoreFraudItems(tx, [{ kind: "supplier_bill", id: bill.id }]))).toBe(0);
    expect(await s.as(s.owner.id, (tx) => scoreUnscored(tx))).toEqual({ scored: 0, remaining: 0 });
    expect(await s.stored("supplier_bill", bill.id)).toBeUndefined();
  });
});
