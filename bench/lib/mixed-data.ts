/**
 * bench:load's data: a fresh database with several tenants made through the app's own services
 * (createOrganization runs every module's tenant-created hooks: pipeline, chart of accounts,
 * default warehouse), each with members who can sign in, contacts to list and search, and
 * products with stock to move. Imported after DATABASE_URL points at the bench database.
 */
import { eq, sql } from "drizzle-orm";
import { runtimeDb } from "../../src/server/db/client";
import { migrateDatabase } from "../../src/server/db/migrate";
import { withTenant, type TenantTx } from "../../src/server/db/tenant";
import { users } from "../../src/server/modules/accounts/schema";
import { registerUser } from "../../src/server/modules/accounts/service";
import { createContact } from "../../src/server/modules/crm/contacts/contacts";
import { createProduct } from "../../src/server/modules/inventory/catalog/products";
import { listWarehouses } from "../../src/server/modules/inventory/catalog/warehouses";
import { receiveStock } from "../../src/server/modules/inventory/stock/stock";
import { setCurrentPlan } from "../../src/server/modules/orgs/limits";
import { memberships } from "../../src/server/modules/orgs/schema";
import { createOrganization } from "../../src/server/modules/orgs/service";
import { adminDo, log, mulberry32, withDatabase } from "./common";

export const LOAD_PASSWORD = "load-bench-password-0123";
export const LAST_NAMES = ["Smith", "Jones", "Garcia", "Miller", "Davis", "Martin", "Lopez", "Wilson", "Moore", "Taylor", "Clark", "Lewis"];
const FIRST_NAMES = ["Ada", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lea"];

export type LoadTenant = {
  id: string;
  slug: string;
  members: { email: string }[];
  contactIds: string[];
  productIds: string[];
  warehouseId: string;
};

export type LoadScale = { tenants: number; members: number; contacts: number; products: number };

export async function createLoadData(adminUrl: string, database: string, scale: LoadScale): Promise<LoadTenant[]> {
  const url = withDatabase(adminUrl, database);
  await adminDo(adminUrl, async (sql) => {
    await sql.unsafe(`drop database if exists ${database} with (force)`);
    await sql.unsafe(`create database ${database}`);
  });
  await migrateDatabase(url);
  const random = mulberry32(17);
  const tenants: LoadTenant[] = [];
  for (let t = 1; t <= scale.tenants; t++) {
    const people: { id: string; email: string }[] = [];
    for (let m = 1; m <= scale.members; m++) {
      const email = `load-${t}-${m}@bench.example`;
      const user = await registerUser(runtimeDb(), { name: `${FIRST_NAMES[m % FIRST_NAMES.length]} Load${t}`, email, password: LOAD_PASSWORD });
      await runtimeDb().update(users).set({ emailVerifiedAt: sql`now()` }).where(eq(users.id, user.id));
      people.push({ id: user.id, email });
    }
    const owner = people[0]!;
    const org = await createOrganization(owner.id, { name: `Load Bench ${t}` });
    const actor = { userId: owner.id, role: "owner" as const };
    const tenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
    await tenant(async (tx) => {
      await setCurrentPlan(tx, "business");
      // Everyone else is a member: the role that creates contacts, drafts invoices and moves stock.
      for (const person of people.slice(1)) await tx.insert(memberships).values({ userId: person.id, role: "member" });
    });
    const contactIds: string[] = [];
    for (let c = 0; c < scale.contacts; c += 50) {
      await tenant(async (tx) => {
        for (let i = c; i < Math.min(scale.contacts, c + 50); i++) {
          const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]!;
          const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]!;
          const contact = await createContact(tx, actor, { firstName: first, lastName: last, emails: [{ value: `${first}.${last}.${i}@t${t}.example`.toLowerCase() }] });
          contactIds.push(contact.id);
        }
      });
    }
    const { warehouseId, productIds } = await tenant(async (tx) => {
      const [warehouse] = await listWarehouses(tx);
      if (!warehouse) throw new Error("the tenant-created hooks made no default warehouse");
      const ids: string[] = [];
      for (let p = 1; p <= scale.products; p++) {
        const product = await createProduct(tx, actor, { sku: `LOAD-${p}`, name: `Load product ${p}`, salePriceMinor: "1500", standardCostMinor: "900" });
        // Enough stock that the bench's shipments never run it out.
        await receiveStock(tx, actor, { productId: product.id, warehouseId: warehouse.id, quantity: "1000000", unitCost: "900", effectiveAt: new Date() });
        ids.push(product.id);
      }
      return { warehouseId: warehouse.id, productIds: ids };
    });
    tenants.push({ id: org.id, slug: org.slug, members: people.map(({ email }) => ({ email })), contactIds, productIds, warehouseId });
    log(`tenant ${t}/${scale.tenants}: ${people.length} members, ${contactIds.length} contacts, ${productIds.length} products`);
  }
  return tenants;
}
