import { sql } from "drizzle-orm";
import { enterTenant, type Actor, type ScopeRole, type TenantTx } from "../../../db/tenant";
import { createDocument } from "../../accounting/documents/documents";
import { recordPayment } from "../../accounting/documents/payments";
import { postDocument } from "../../accounting/documents/posting";
import { createTaxRate, listTaxRates } from "../../accounting/documents/setup";
import { createAccount, listAccounts } from "../../accounting/accounts";
import { createDraft, organizationToday, postEntry } from "../../accounting/entries";
import { createCompany } from "../../crm/companies/companies";
import type { DemoPeople } from "../../define";
import { currentOrganization } from "../../orgs/settings";
import { normalSampler, seededRandom } from "../forecast/random";
import { addDays, businessDays, lastWeekday, monthStart, nextBusinessDay } from "./calendar";
import { bookTakings, planTakings, SHOWROOM_ACCOUNT } from "./takings";

/*
 * Two years of the demo organization's trade (issue 16, item 6), through the accounting
 * services only: seasonal sales invoices with products (so inventory ships stock), the stock
 * bought for them and the running costs billed by suppliers, customer and supplier payments,
 * monthly bank charges as manual journal entries, and the showroom's daily card and counter
 * takings (takings.ts: dense daily revenue). On top of it, items injected with known labels for
 * the fraud scorer and days of revenue spikes (in the takings) for the anomaly detector.
 *
 * Who does what: the colleague (a member) drafts the bills and journal entries, the owner
 * posts them (the "approver"); invoices and payments are the owner's. Everything is dated
 * in the past through the documents' own dates; the posting time (accounting_entries.posted_at)
 * is the database's now(), the real moment of the seed, so it carries no demo signal.
 */

export type InjectedFraudCase = {
  kind: "customer_payment" | "supplier_bill" | "supplier_payment" | "journal_entry";
  /** how accounting identifies it: the document number (bill) / payment reference / entry number (as text) */
  reference: string;
  injected: "duplicate" | "amount_outlier" | "round_amount" | "new_counterparty_large" | "unusual_time" | "same_creator_approver";
};

export type DemoActivity = {
  injected: InjectedFraudCase[];
  /** Days (ISO) whose showroom takings were about SPIKE_FACTOR times their usual level (takings.ts), for the anomaly detector. */
  anomalyDays: string[];
};

export type DemoActivityOptions = { today?: string; seed?: number; months?: number };

/** Invoices in an average month at the start (the trend and the season scale it): enough for monthly charts, light enough for the demo seed to stay fast. */
const SALES_PER_MONTH = 4;
/** Month-of-year sales factors, January first: a summer dip and a fourth-quarter peak. */
const SEASON = [0.85, 0.85, 0.95, 1.0, 1.0, 0.9, 0.75, 0.7, 1.0, 1.15, 1.35, 1.5];
/** Utilities cost more in winter (heating) and a little in high summer (cooling). */
const UTILITY_SEASON = [1.3, 1.25, 1.1, 0.95, 0.9, 1.0, 1.1, 1.1, 0.95, 0.95, 1.1, 1.3];

/** Customers and how often they buy; `from` is the month index of their first order. */
const CUSTOMERS = [
  { name: "Northwind Traders", weight: 3 },
  { name: "Globex", weight: 2 },
  { name: "Initech", weight: 1.5 },
  { name: "Umbrella Health", weight: 1 },
  { name: "Stark Logistics", weight: 2 },
  { name: "Wayne Foods", weight: 0.7 },
  { name: "Hooli", weight: 1.2, create: { domain: "hooli.example", industry: "Software", city: "Palo Alto", country: "US" }, from: 5 },
  { name: "Soylent Corp", weight: 1, create: { domain: "soylent.example", industry: "Food & beverage", city: "Chicago", country: "US" } },
  { name: "Vandelay Industries", weight: 0.8, create: { domain: "vandelay.example", industry: "Import/export", city: "New York", country: "US" }, from: 13 },
] as const;

const SUPPLIERS = {
  furniture: { name: "Contoso Furniture", domain: "contoso-furniture.example", industry: "Furniture manufacturing", city: "Grand Rapids", country: "US" },
  electronics: { name: "Fabrikam Electronics", domain: "fabrikam.example", industry: "Electronics distribution", city: "San Jose", country: "US" },
  landlord: { name: "Metro Properties", domain: "metro-properties.example", industry: "Real estate", city: "Seattle", country: "US" },
  utilities: { name: "City Power & Water", domain: "citypower.example", industry: "Utilities", city: "Seattle", country: "US" },
  supplies: { name: "Staples Office Co", domain: "staples-office.example", industry: "Office supplies", city: "Seattle", country: "US" },
  newcomer: { name: "Quickline Trading Ltd", domain: "quickline-trading.example", industry: "Trading", city: "Limassol", country: "CY" },
} as const;
type SupplierKey = keyof typeof SUPPLIERS;

/** Per product: units per ordinary invoice line, and which supplier it is bought from. */
const PRODUCTS = [
  { sku: "DESK-OAK", min: 1, max: 3, supplier: "furniture" },
  { sku: "CHAIR-ERG", min: 2, max: 6, supplier: "furniture" },
  { sku: "MON-27", min: 1, max: 4, supplier: "electronics" },
  { sku: "CABLE-USB-C", min: 5, max: 30, supplier: "electronics" },
] as const;
type Sku = (typeof PRODUCTS)[number]["sku"];

/** The spike days' large order, far above an ordinary invoice. */
const SPIKE_ORDER: [Sku, number][] = [
  ["CHAIR-ERG", 25],
  ["DESK-OAK", 12],
  ["MON-27", 20],
];

type Line = Parameters<typeof createDocument>[2]["lines"][number];
type Posted = { id: string; number: string; total: string; companyId: string; date: string };
type PlannedPayment = { date: string; direction: "received" | "made"; companyId: string; amount: string; documentId?: string; label?: InjectedFraudCase["injected"] };

export async function seedDemoActivity(tx: TenantTx, people: DemoPeople, options: DemoActivityOptions = {}): Promise<DemoActivity> {
  const today = options.today ?? (await organizationToday(tx));
  const months = options.months ?? 24;
  const seed = options.seed ?? 16;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new Error(`seedDemoActivity: today must be a date like 2026-03-31, not ${today}`);
  if (!Number.isInteger(months) || months < 12 || months > 60) throw new Error(`seedDemoActivity: months must be a whole number from 12 to 60, not ${months}`);
  if (today > (await organizationToday(tx))) throw new Error(`seedDemoActivity: today (${today}) is in the organization's future`);
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  // Acting as the owner or the colleague: the same transaction, its scope switched (what a request of each would set).
  const tenantId = (await currentOrganization(tx)).id;
  const [scope] = await tx.execute<{ role: string; request_id: string }>(sql`select current_setting('app.role', true) as role, current_setting('app.request_id', true) as request_id`);
  const owner: Actor = { userId: people.owner.userId, role: people.owner.role };
  const colleague: Actor = { userId: people.colleague.userId, role: people.colleague.role };
  const actAs = (who: Actor, role: ScopeRole | null = who.role) => enterTenant(tx, { tenantId, userId: who.userId, role, requestId: scope?.request_id || null });

  // What the other demo seeds made, and what this one adds.
  const accounts = new Map((await listAccounts(tx)).map((a) => [a.code, a.id]));
  const account = (code: string) => accounts.get(code) ?? missing(`account ${code}`);
  const products = new Map(
    (await tx.execute<{ id: string; sku: string; cost: string | null }>(sql`select id, sku, standard_cost_minor::text as cost from inventory_products where deleted_at is null`)).map((p) => [p.sku, p]),
  );
  const product = (sku: Sku) => products.get(sku) ?? missing(`product ${sku} (the inventory demo)`);
  const tax = (await listTaxRates(tx)).find((r) => r.name === "Sales tax 8.25%") ?? (await createTaxRate(tx, owner, { name: "Sales tax 8.25%", ratePercent: "8.25" }));
  const existing = new Map(
    (await tx.execute<{ id: string; name: string }>(sql`select id, name from crm_companies where deleted_at is null and merged_into_id is null order by created_at`)).map((c) => [c.name, c.id]),
  );
  const companyId = async (name: string, create?: { domain: string; industry: string; city: string; country: string }) => {
    const found = existing.get(name);
    if (found) return found;
    if (!create) return missing(`CRM company ${name} (the CRM demo)`);
    const company = await createCompany(tx, owner, { name, ...create, ownerId: colleague.userId });
    existing.set(name, company.id);
    return company.id;
  };
  const customers: { id: string; weight: number; from: number }[] = [];
  for (const c of CUSTOMERS) customers.push({ id: await companyId(c.name, "create" in c ? c.create : undefined), weight: c.weight, from: "from" in c ? c.from : 0 });
  const suppliers = {} as Record<SupplierKey, string>;
  for (const [key, s] of Object.entries(SUPPLIERS) as [SupplierKey, (typeof SUPPLIERS)[SupplierKey]][]) {
    const { name, ...create } = s;
    suppliers[key] = await companyId(name, create);
  }

  const injected: InjectedFraudCase[] = [];
  const anomalyDays: string[] = [];
  const payments: PlannedPayment[] = [];
  const bills: (Posted & { supplier: SupplierKey })[] = [];
  const invoices: Posted[] = [];
  const first = monthStart(today, -(months - 1));

  const billDraft = (supplier: SupplierKey, date: string, lines: Line[], reference?: string) =>
    createDocument(tx, colleague, { kind: "bill", companyId: suppliers[supplier], issueDate: date, reference, lines });
  const post = async (draft: { id: string }, supplierOrNull: SupplierKey | null) => {
    const doc = await postDocument(tx, owner, draft.id);
    const posted = { id: doc.id, number: doc.number!, total: String(doc.total), companyId: doc.companyId!, date: doc.issueDate };
    if (supplierOrNull) bills.push({ ...posted, supplier: supplierOrNull });
    else invoices.push(posted);
    return posted;
  };
  const expense = (description: string, code: string, amount: number): Line => ({ description, quantity: "1", unitPrice: String(Math.round(amount)), accountId: account(code) });
  const bankEntry = (date: string, memo: string, debit: string, amount: string) =>
    createDraft(tx, colleague, {
      date,
      memo,
      lines: [
        { accountId: account(debit), debit: amount, description: memo },
        { accountId: account("1010"), credit: amount, description: memo },
      ],
    });
  const payLater = (bill: Posted, min: number, max: number) => {
    const date = nextBusinessDay(addDays(bill.date, between(min, max)));
    if (date <= today) payments.push({ date, direction: "made", companyId: bill.companyId, amount: bill.total, documentId: bill.id });
  };

  // Opening capital, drafted by the colleague and posted by the owner like every entry.
  await actAs(colleague);
  const opening = await createDraft(tx, colleague, {
    date: first,
    memo: "Owner's capital contribution",
    lines: [
      { accountId: account("1010"), debit: "6000000", description: "Capital paid in" },
      { accountId: account("3000"), credit: "6000000", description: "Capital paid in" },
    ],
  });
  await actAs(owner);
  await postEntry(tx, owner, opening.id);

  // Every month's orders first: stock is bought a quarter at a time, for the orders ahead.
  type Order = { day: string; customer: string; lines: [Sku, number][]; service: number };
  const spikeMonths = new Set([Math.round(months * 0.25), Math.round(months * 0.55), Math.round(months * 0.85)]);
  const plan: Order[][] = [];
  for (let m = 0; m < months; m++) {
    const start = monthStart(first, m);
    const days = businessDays(start, today);
    const monthOfYear = Number(start.slice(5, 7)) - 1;
    const level = (1 + (0.45 * m) / (months - 1)) * SEASON[monthOfYear]! * Math.exp(0.07 * normal());
    const fullMonth = businessDays(start, addDays(monthStart(start, 1), -1)).length;
    const count = days.length ? Math.max(1, Math.round(SALES_PER_MONTH * level * (days.length / fullMonth))) : 0;
    const orders: Order[] = [];
    const active = customers.filter((c) => c.from <= m);
    const weight = active.reduce((s, c) => s + c.weight, 0);
    for (let i = 0; i < count; i++) {
      let pick = random() * weight;
      const customer = active.find((c) => (pick -= c.weight) < 0) ?? active[0]!;
      const firstProduct = between(0, PRODUCTS.length - 1);
      const chosen = random() < 0.35 ? [firstProduct, (firstProduct + between(1, PRODUCTS.length - 1)) % PRODUCTS.length] : [firstProduct];
      const lines = chosen.map((index): [Sku, number] => [PRODUCTS[index]!.sku, between(PRODUCTS[index]!.min, PRODUCTS[index]!.max)]);
      orders.push({ day: days[Math.floor(random() * days.length)]!, customer: customer.id, lines, service: random() < 0.3 ? between(2, 8) : 0 });
    }
    // A revenue spike mid-month: a large order, on a day the showroom has a clearance sale (takings.ts: three times its customers).
    if (spikeMonths.has(m) && days.length > 10 && days[Math.floor(days.length / 2)]! < today) {
      const day = days[Math.floor(days.length / 2)]!;
      orders.push({ day, customer: customers[4]!.id, lines: SPIKE_ORDER, service: 16 });
      anomalyDays.push(day);
    }
    plan.push(orders.sort((x, y) => x.day.localeCompare(y.day)));
  }

  for (let m = 0; m < months; m++) {
    const start = monthStart(first, m);
    const days = businessDays(start, today);
    if (!days.length) continue;
    const monthOfYear = Number(start.slice(5, 7)) - 1;
    const orders = plan[m]!;
    // Bills: drafted by the colleague, posted by the owner.
    const demand = new Map<Sku, number>();
    if (m % 3 === 0) for (const o of plan.slice(m, m + 3).flat()) for (const [sku, q] of o.lines) demand.set(sku, (demand.get(sku) ?? 0) + q);
    const drafts: [Promise<{ id: string }> | { id: string }, SupplierKey][] = [];
    await actAs(colleague);
    for (const supplier of ["furniture", "electronics"] as const) {
      const lines = PRODUCTS.filter((p) => p.supplier === supplier && demand.get(p.sku)).map((p) => ({
        productId: product(p.sku).id,
        quantity: String(demand.get(p.sku)),
        unitPrice: String(Math.round(Number(product(p.sku).cost ?? "1000") * (1 + 0.03 * normal()))),
      }));
      if (lines.length) drafts.push([await billDraft(supplier, days[0]!, lines, `PO-${start.slice(0, 7)}-${supplier === "furniture" ? "F" : "E"}`), supplier]);
    }
    // Rent billed a quarter in advance, utilities every two months, office supplies now and then.
    if (m % 3 === 0) drafts.push([await billDraft("landlord", days[0]!, [expense("Office and showroom rent, quarter in advance", "6000", 3 * (215_000 + 10_000 * Math.floor(m / 12)))]), "landlord"]);
    const utilityDay = days[Math.min(7, days.length - 1)]!;
    if (m % 2 === 1) drafts.push([await billDraft("utilities", utilityDay, [expense("Electricity and water, two months", "6200", 2 * 38_000 * UTILITY_SEASON[monthOfYear]! * Math.exp(0.08 * normal()))]), "utilities"]);
    if (random() < 0.4) drafts.push([await billDraft("supplies", days[Math.floor(random() * days.length)]!, [expense("Office supplies", "6300", between(2_000, 15_000) + between(0, 99))]), "supplies"]);
    // Salaries paid straight from the bank on the second-last business day, bank charges at month end: journal entries.
    const monthDays = businessDays(start, addDays(monthStart(start, 1), -1));
    const entries: { id: string }[] = [];
    if (monthDays.at(-2)! <= today) entries.push(await bankEntry(monthDays.at(-2)!, "Salaries and payroll taxes", "6100", String(Math.round(1_080_000 + 60_000 * Math.floor(m / 12) + 9_000 * normal()))));
    if (monthDays.at(-1)! <= today) entries.push(await bankEntry(monthDays.at(-1)!, "Bank charges", "6400", String(between(1_200, 3_600))));
    await actAs(owner);
    for (const [draft, supplier] of drafts) {
      const bill = await post(await draft, supplier);
      const [min, max] = { furniture: [25, 35], electronics: [25, 35], landlord: [0, 3], utilities: [10, 20], supplies: [15, 30], newcomer: [5, 10] }[supplier];
      payLater(bill, min!, max!);
    }
    for (const draft of entries) await postEntry(tx, owner, draft.id);

    // Sales, at list prices with tax; most paid 10–45 days later, a few never.
    for (const order of orders) {
      const lines: Line[] = order.lines.map(([sku, q]) => ({ productId: product(sku).id, quantity: String(q), taxRateIds: [tax.id] }));
      if (order.service) lines.push({ description: "Delivery and installation", quantity: String(order.service), unitPrice: "9500", taxRateIds: [tax.id] });
      const draft = await createDocument(tx, owner, { kind: "invoice", companyId: order.customer, issueDate: order.day, lines });
      const invoice = await post(draft, null);
      const paid = random() >= 0.07;
      const date = nextBusinessDay(addDays(order.day, between(10, 45)));
      if (paid && date <= today) payments.push({ date, direction: "received", companyId: invoice.companyId, amount: invoice.total, documentId: invoice.id });
    }
  }

  // The showroom's daily takings, every business day (dense daily revenue, with the spike days), booked by the owner from the till's feed.
  await actAs(owner);
  // Their own income account beside 4000 Sales (the invoices'), so customers' sales still add up to 4000.
  const showroom = accounts.get(SHOWROOM_ACCOUNT.code) ?? (await createAccount(tx, owner, { ...SHOWROOM_ACCOUNT, type: "income" })).id;
  await bookTakings(tx, owner, planTakings({ first, today, seed: seed + 1_000, spikeDays: anomalyDays }), { bankAccountId: account("1010"), salesAccountId: showroom });

  // Injected cases, in the last months (each a plain, valid transaction; only its pattern is odd).
  const lastBill = (supplier: SupplierKey, before: string) => [...bills].reverse().find((b) => b.supplier === supplier && b.date < before) ?? missing(`a ${supplier} bill before ${before}`);
  const day = (monthsBack: number, nth: number) => businessDays(monthStart(today, -monthsBack), today)[nth] ?? missing(`business day ${nth} of ${monthsBack} months back`);
  const label = (kind: InjectedFraudCase["kind"], reference: string, what: InjectedFraudCase["injected"]) => injected.push({ kind, reference, injected: what });
  const injectBill = async (supplier: SupplierKey, date: string, lines: Line[], what: InjectedFraudCase["injected"], options: { drafter?: Actor; pay?: [number, number] } = {}) => {
    const drafter = options.drafter ?? colleague;
    await actAs(drafter);
    const draft = await createDocument(tx, drafter, { kind: "bill", companyId: suppliers[supplier], issueDate: date, lines });
    await actAs(owner);
    const bill = await post(draft, supplier);
    label("supplier_bill", bill.number, what);
    if (options.pay) payLater(bill, options.pay[0], options.pay[1]);
    return bill;
  };
  const sameLines = (bill: Posted, description: string, code: string): Line[] => [expense(description, code, Number(bill.total))];

  // Duplicates: the utilities bill entered twice three days apart; the rent billed twice and paid twice.
  const utility = lastBill("utilities", monthStart(today, -2));
  await injectBill("utilities", nextBusinessDay(addDays(utility.date, 3)), sameLines(utility, "Electricity and water, two months", "6200"), "duplicate", { pay: [10, 20] });
  const rent = lastBill("landlord", monthStart(today, -5));
  const rentAgain = await injectBill("landlord", nextBusinessDay(addDays(rent.date, 4)), sameLines(rent, "Office and showroom rent, quarter in advance", "6000"), "duplicate");
  const rentPaid = payments.find((p) => p.documentId === rent.id) ?? missing("the rent payment");
  payments.push({ date: nextBusinessDay(addDays(rentPaid.date, 2)), direction: "made", companyId: rentAgain.companyId, amount: rentAgain.total, documentId: rentAgain.id, label: "duplicate" });
  // Outliers against a long history of small amounts.
  await injectBill("supplies", day(1, 4), [expense("Office supplies", "6300", 264_870)], "amount_outlier", { pay: [15, 30] });
  await injectBill("utilities", day(4, 12), [expense("Electricity and water", "6200", 391_455)], "amount_outlier", { pay: [10, 20] });
  // Round amounts: the landlord's yearly service charge of exactly 3,000.00, a prepayment to a supplier, a customer deposit, an owner's drawing.
  await injectBill("landlord", day(3, 9), [expense("Building service charge for the year", "6000", 300_000)], "round_amount", { pay: [0, 3] });
  payments.push({ date: day(1, 6), direction: "made", companyId: suppliers.furniture, amount: "1000000", label: "round_amount" });
  payments.push({ date: day(2, 3), direction: "received", companyId: customers[0]!.id, amount: "500000", label: "round_amount" });
  // A supplier first seen this month, with a large bill.
  await injectBill("newcomer", nextBusinessDay(addDays(today, -9)), [expense("Market research retainer", "6900", 1_875_320)], "new_counterparty_large");
  // Weekend work: a bill dated a Saturday, paid on the Sunday after.
  const saturday = lastWeekday(addDays(today, -20), 6);
  const weekendBill = await injectBill("supplies", saturday, [expense("Office supplies", "6300", 8_420)], "unusual_time");
  payments.push({ date: addDays(saturday, 1), direction: "made", companyId: weekendBill.companyId, amount: weekendBill.total, documentId: weekendBill.id, label: "unusual_time" });
  // The owner drafting and posting a bill alone.
  await injectBill("supplies", day(2, 11), [expense("Office supplies", "6300", 6_935)], "same_creator_approver", { drafter: owner, pay: [15, 30] });

  // Journal entries: a round drawing, one on a Sunday, one the owner drafts and posts alone.
  const entry = async (drafter: Actor, date: string, memo: string, debit: string, amount: string, what: InjectedFraudCase["injected"]) => {
    await actAs(drafter);
    const draft = await createDraft(tx, drafter, {
      date,
      memo,
      lines: [
        { accountId: account(debit), debit: amount, description: memo },
        { accountId: account("1010"), credit: amount, description: memo },
      ],
    });
    await actAs(owner);
    const posted = await postEntry(tx, owner, draft.id);
    label("journal_entry", String(posted.number), what);
  };
  await entry(colleague, day(2, 7), "Owner's drawing", "3000", "5000000", "round_amount");
  await entry(colleague, lastWeekday(addDays(today, -33), 0), "Equipment repair, paid by bank", "6900", "87340", "unusual_time");
  await entry(owner, day(1, 2), "Office furniture for the team room", "6300", "41760", "same_creator_approver");

  // Payments last, in date order, each with a bank reference.
  await actAs(owner);
  payments.sort((a, b) => a.date.localeCompare(b.date) || a.direction.localeCompare(b.direction));
  const counters = { received: 0, made: 0 };
  for (const p of payments) {
    if (p.date > today) continue;
    counters[p.direction] += 1;
    const reference = `${p.direction === "received" ? "RCPT" : "PAYT"}-${String(counters[p.direction]).padStart(5, "0")}`;
    await recordPayment(tx, owner, {
      direction: p.direction,
      date: p.date,
      companyId: p.companyId,
      amount: p.amount,
      method: "Bank transfer",
      reference,
      allocations: p.documentId ? [{ documentId: p.documentId, amount: p.amount }] : [],
    });
    if (p.label) label(p.direction === "received" ? "customer_payment" : "supplier_payment", reference, p.label);
  }
  // Back to the scope the caller opened.
  await actAs(owner, (scope?.role || null) as ScopeRole | null);
  return { injected, anomalyDays };
}

function missing(what: string): never {
  throw new Error(`seedDemoActivity needs ${what}: run the CRM, inventory and accounting demo seeds first`);
}
