import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import type { JobActor } from "../../jobs/define";
import { createDocument } from "./documents/documents";
import { recordPayment } from "./documents/payments";
import { postDocument } from "./documents/posting";
import { createTaxRate } from "./documents/setup";
import { organizationToday } from "./entries";

/**
 * The demo organization's books, through the module's own services (after CRM and
 * inventory seeded theirs): a sales tax rate, invoices (paid, part-paid, overdue, a
 * draft), a bill with stock and one for rent, so every accounting page has something to show.
 */
export async function seedAccountingDemo(tx: TenantTx, owner: JobActor): Promise<void> {
  const actor = { userId: owner.userId, role: "owner" as const };
  const today = await organizationToday(tx);
  const daysAgo = (n: number) => {
    const date = new Date(`${today}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - n);
    return date.toISOString().slice(0, 10);
  };
  const companies = await tx.execute<{ id: string; name: string }>(sql`select id, name from crm_companies where deleted_at is null and merged_into_id is null order by created_at, name limit 4`);
  const products = await tx.execute<{ id: string; sku: string }>(sql`select id, sku from inventory_products where deleted_at is null order by sku`);
  const [rent] = await tx.execute<{ id: string }>(sql`select id from accounting_accounts where code = '6000'`);
  if (companies.length < 3 || !rent) return;
  const product = (sku: string) => products.find((p) => p.sku === sku)?.id;
  const tax = await createTaxRate(tx, actor, { name: "Sales tax 8.25%", ratePercent: "8.25" });
  const send = async (companyId: string, issueDate: string, lines: Parameters<typeof createDocument>[2]["lines"], draft = false) => {
    const document = await createDocument(tx, actor, { kind: "invoice", companyId, issueDate, lines });
    return draft ? document : postDocument(tx, actor, document.id);
  };
  const [northwind, globex, initech] = [companies[0]!, companies[1]!, companies[2]!];
  const chair = product("CHAIR-ERG");
  const monitor = product("MON-27");
  const desk = product("DESK-OAK");
  const stock = (id: string | undefined, quantity: string) => (id ? [{ productId: id, quantity, taxRateIds: [tax.id] }] : []);

  // Stock bought from the supplier first (a backdated receipt), then sold.
  const supplier = companies[3] ?? northwind;
  const purchased = [chair, monitor, desk].flatMap((id, i) => (id ? [{ productId: id, quantity: ["10", "10", "4"][i]!, unitPrice: ["17500", "16000", "33000"][i]! }] : []));
  if (purchased.length) {
    const bill = await postDocument(tx, actor, (await createDocument(tx, actor, { kind: "bill", companyId: supplier.id, issueDate: daysAgo(27), reference: "SUP-4411", lines: purchased })).id);
    await recordPayment(tx, actor, { direction: "made", date: daysAgo(10), companyId: supplier.id, amount: bill.total, method: "Bank transfer", allocations: [{ documentId: bill.id, amount: bill.total }] });
  }
  const paid = await send(northwind.id, daysAgo(20), [...stock(chair, "2"), { description: "Workplace setup", quantity: "3", unitPrice: "9500", taxRateIds: [tax.id] }]);
  await recordPayment(tx, actor, { direction: "received", date: daysAgo(9), companyId: northwind.id, amount: paid.total, method: "Bank transfer", reference: paid.number ?? undefined, allocations: [{ documentId: paid.id, amount: paid.total }] });
  const partial = await send(globex.id, daysAgo(12), [...stock(monitor, "3"), { description: "Installation", quantity: "1", unitPrice: "15000", taxRateIds: [tax.id] }]);
  await recordPayment(tx, actor, { direction: "received", date: daysAgo(6), companyId: globex.id, amount: "50000", method: "Card", allocations: [{ documentId: partial.id, amount: "50000" }] });
  await send(initech.id, daysAgo(45), [{ description: "Consulting, March", quantity: "12", unitPrice: "12000", taxRateIds: [tax.id] }]);
  await send(initech.id, daysAgo(1), [...stock(desk, "1"), { description: "Delivery", quantity: "1", unitPrice: "4900" }], true);

  const rentBill = await createDocument(tx, actor, { kind: "bill", companyId: supplier.id, issueDate: daysAgo(3), reference: "RENT", lines: [{ description: "Office rent", quantity: "1", unitPrice: "180000", accountId: rent.id }] });
  await postDocument(tx, actor, rentBill.id);
}
