import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { runtimeDb } from "../../db/client";
import type { TenantJob } from "../../jobs/define";
import { drainOutbox } from "../../jobs/worker";
import { LimitReached } from "../../platform/errors";
import { tenants } from "../orgs/schema";
import { memberGateForJobs } from "../orgs/service";
import { createProduct, deleteProduct } from "./catalog/products";
import { createImport, getImport, listImportErrors, startImport } from "./imports/imports";
import { inventoryImportJob } from "./jobs";
import { inventoryTrash } from "./trash";

/* The plan's "inventory.products": live (not trashed) products, refused on every path that adds one. */

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as Error);

/** `n` live products written directly (the limit counts rows, however they came). */
async function fill(member: TeamMember, n: number) {
  await member.run((tx) => tx.execute(sql`insert into inventory_products (sku, name, currency) select 'BULK-' || n, 'Bulk ' || n, 'USD' from generate_series(1, ${n}::int) n`));
}

async function liveProducts(member: TeamMember): Promise<number> {
  const [row] = await member.run((tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from inventory_products where deleted_at is null`));
  return row!.n;
}

async function importCsv(member: TeamMember, csv: string) {
  const draft = await member.run((tx) => createImport(tx, member.actor, { entityType: "product", fileName: "products.csv" }, new TextEncoder().encode(csv)));
  await member.run((tx) => startImport(tx, member.actor, { id: draft.id, mapping: draft.suggestedMapping, onDuplicate: "update" }));
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [inventoryImportJob as TenantJob<never>], memberGate: memberGateForJobs });
  const done = await member.run((tx) => getImport(tx, member.actor, draft.id));
  const errors = await member.run((tx) => listImportErrors(tx, { id: draft.id }));
  return { done, errors: errors.items };
}

describe("the products plan limit", () => {
  it("stops the Free plan at 500 products on create, naming the plan and the limit", async () => {
    const { owner } = await crmTeam();
    await fill(owner, 499);
    await owner.run((tx) => createProduct(tx, owner.actor, { sku: "P-500", name: "Number 500" }));
    const error = await failure(owner.run((tx) => createProduct(tx, owner.actor, { sku: "P-501", name: "Number 501" })));
    expect(error).toBeInstanceOf(LimitReached);
    expect(error!.message).toBe("Your Free plan allows 500 products; you have 500. Upgrade the plan on Settings → Billing, or move products you no longer sell to the trash.");
    expect((error as LimitReached).limit).toBe("inventory.products");
    expect(await liveProducts(owner)).toBe(500);
  });

  it("counts trashed products out, and refuses a restore that would exceed the plan", async () => {
    const { owner } = await crmTeam();
    await fill(owner, 499);
    const product = await owner.run((tx) => createProduct(tx, owner.actor, { sku: "P-500", name: "Number 500" }));
    await owner.run((tx) => deleteProduct(tx, owner.actor, product.id));
    await owner.run((tx) => createProduct(tx, owner.actor, { sku: "P-NEW", name: "Takes the freed place" }));
    const error = await failure(owner.run((tx) => inventoryTrash.restoreRecord(tx, owner.actor, { kind: "product", id: product.id })));
    expect(error).toBeInstanceOf(LimitReached);
    expect(error!.message).toMatch(/^Your Free plan allows 500 products; you have 500\./);
    const [row] = await owner.run((tx) => tx.execute<{ trashed: boolean }>(sql`select deleted_at is not null as trashed from inventory_products where id = ${product.id}`));
    expect(row!.trashed).toBe(true);
  });

  it("imports only the rows that fit and reports the others with the plan and its limit; updates need no room", async () => {
    const { owner } = await crmTeam();
    await fill(owner, 497);
    const csv = ["SKU,Name", "BULK-1,Renamed by the import", "NEW-1,New one", "NEW-2,New two", "NEW-3,New three", "NEW-4,New four", ""].join("\r\n");
    const { done, errors } = await importCsv(owner, csv);
    // 497 + 3 = the Free plan's 500.
    expect(done).toMatchObject({ state: "done", createdCount: 3, updatedCount: 1, errorCount: 1 });
    expect(errors).toEqual([
      {
        rowNumber: 6,
        reason:
          "Not imported: your Free plan allows 500 products and that limit is reached. Upgrade the plan on Settings → Billing, or move products you no longer sell to the trash, then import the remaining rows again.",
      },
    ]);
    expect(await liveProducts(owner)).toBe(500);
  });

  it("does not refuse a Pro organization past the Free plan's 500", async () => {
    const { org, owner } = await crmTeam();
    await runtimeDb().update(tenants).set({ plan: "pro" }).where(sql`id = ${org.id}`);
    await fill(owner, 500);
    await owner.run((tx) => createProduct(tx, owner.actor, { sku: "P-501", name: "Number 501" }));
    const { done } = await importCsv(owner, ["SKU,Name", "NEW-1,New one", "NEW-2,New two", ""].join("\r\n"));
    expect(done).toMatchObject({ state: "done", createdCount: 2, errorCount: 0 });
    expect(await liveProducts(owner)).toBe(503);
  });
});
