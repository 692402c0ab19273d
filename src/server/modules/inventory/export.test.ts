import Papa from "papaparse";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as exportRoute, POST as exportPost } from "../../../app/api/inventory/export/route";
import { crmTeam, type TeamMember } from "../../../test/crm/team";
import { sessionCookie } from "../../../test/http";
import type { TenantJob } from "../../jobs/define";
import { drainOutbox } from "../../jobs/worker";
import { memberGateForJobs } from "../orgs/service";
import { createProduct, deleteProduct } from "./catalog/products";
import { defaultWarehouseId } from "./catalog/warehouses";
import { PRODUCT_EXPORT_COLUMNS } from "./export";
import { createImport, getImport, startImport } from "./imports/imports";
import { inventoryImportJob } from "./jobs";
import { receiveStock, reserveStock } from "./stock/stock";

async function seed(owner: TeamMember) {
  return owner.run(async (tx) => {
    const warehouseId = await defaultWarehouseId(tx);
    const bolt = await createProduct(tx, owner.actor, { sku: "BOLT-1", name: "Bolt", category: "Hardware", salePriceMinor: 1250n, standardCostMinor: 333n, unit: "pcs", barcode: "4006381333931" });
    const evil = await createProduct(tx, owner.actor, { sku: "EVIL-1", name: '=HYPERLINK("http://evil.example","click")', description: "-5 pieces\n=1+1", category: "Hardware", active: false });
    const glue = await createProduct(tx, owner.actor, { sku: "GLUE-1", name: "Glue", category: "Chemicals", currency: "JPY", salePriceMinor: 1500n, lotTracked: true, taxCategory: "reduced" });
    const gone = await createProduct(tx, owner.actor, { sku: "GONE-1", name: "Gone", category: "Hardware" });
    await deleteProduct(tx, owner.actor, gone.id);
    await receiveStock(tx, owner.actor, { productId: bolt.id, warehouseId, quantity: "10", unitCost: "333" });
    await receiveStock(tx, owner.actor, { productId: bolt.id, warehouseId, quantity: "3", unitCost: "400.5" });
    await reserveStock(tx, owner.actor, { productId: bolt.id, warehouseId, quantity: "4", referenceType: "test", referenceId: "order-1" });
    return { bolt, evil, glue, gone, warehouseId };
  });
}

async function get(member: TeamMember, tenantId: string, params: Record<string, string>) {
  const url = new URL("http://localhost/api/inventory/export");
  url.searchParams.set("tenant", tenantId);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return exportRoute(new Request(url, { headers: { cookie: await sessionCookie(member) } }));
}

const rowsOf = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;

describe("product export", () => {
  it("streams the list as CSV with a BOM, money in major units, stock, and formulas guarded; trashed products left out", async () => {
    const team = await crmTeam("viewer");
    const [viewer] = team.people as [TeamMember];
    await seed(team.owner);
    const response = await get(viewer, team.org.id, { sort: JSON.stringify({ field: "sku", direction: "asc" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("SKU,Name,")).toBe(true);
    const [header, ...rows] = rowsOf(text);
    expect(header).toEqual(PRODUCT_EXPORT_COLUMNS);
    expect(rows.map((r) => r[0])).toEqual(["BOLT-1", "EVIL-1", "GLUE-1"]);
    // 10 × 333 + 3 × 400.5 = 4531.5 minor units → 45.32 (half to even on the cent).
    expect(rows[0]!.slice(0, 16)).toEqual(["BOLT-1", "Bolt", "", "pcs", "Hardware", "4006381333931", "USD", "12.50", "3.33", "", "yes", "no", "13", "4", "9", "45.32"]);
    expect(rows[1]!.slice(1, 3)).toEqual(['\'=HYPERLINK("http://evil.example","click")', "'-5 pieces\n=1+1"]);
    expect(rows[1]![10]).toBe("no");
    expect(rows[2]!.slice(6, 12)).toEqual(["JPY", "1500", "", "reduced", "yes", "yes"]);
  });

  it("applies the list's filters and an explicit selection, and refuses bad filters before sending anything", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const { bolt, glue } = await seed(team.owner);
    const hardware = rowsOf(await (await get(member, team.org.id, { filters: JSON.stringify({ category: "Hardware", active: true }) })).text());
    expect(hardware.slice(1).map((r) => r[0])).toEqual(["BOLT-1"]);
    const searched = rowsOf(await (await get(member, team.org.id, { filters: JSON.stringify({ q: "glu" }) })).text());
    expect(searched.slice(1).map((r) => r[0])).toEqual(["GLUE-1"]);

    const form = new FormData();
    form.set("selection", JSON.stringify({ ids: [glue.id, bolt.id] }));
    form.set("sort", JSON.stringify({ field: "name", direction: "desc" }));
    const selected = await exportPost(new Request(`http://localhost/api/inventory/export?tenant=${team.org.id}`, { method: "POST", headers: { cookie: await sessionCookie(member) }, body: form }));
    expect(selected.status).toBe(200);
    expect(rowsOf(await selected.text()).slice(1).map((r) => r[0])).toEqual(["GLUE-1", "BOLT-1"]);

    const bad = await get(member, team.org.id, { sort: JSON.stringify({ field: "cost", direction: "asc" }) });
    expect(bad.status).toBe(400);
    const notJson = await get(member, team.org.id, { filters: "{" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: expect.stringContaining("filters must be JSON") });
  });

  it("writes a file that imports back onto the same products, changing nothing", async () => {
    const team = await crmTeam();
    const owner = team.owner;
    await seed(owner);
    const state = () =>
      owner.run((tx) =>
        tx.execute(sql`select id, sku, name, description, unit, category, barcode, currency, sale_price_minor, standard_cost_minor, tax_category, active, lot_tracked
                         from inventory_products order by sku`),
      );
    const before = await state();
    const csv = new Uint8Array(await (await get(owner, team.org.id, {})).arrayBuffer());
    const draft = await owner.run((tx) => createImport(tx, owner.actor, { entityType: "product", fileName: "export.csv" }, csv));
    expect(draft.suggestedMapping).toEqual({
      SKU: "sku",
      Name: "name",
      Description: "description",
      Unit: "unit",
      Category: "category",
      Barcode: "barcode",
      Currency: "currency",
      "Sale price": "salePrice",
      "Standard cost": "standardCost",
      "Tax category": "taxCategory",
      Active: "active",
      "Lot tracked": "lotTracked",
    });
    await owner.run((tx) => startImport(tx, owner.actor, { id: draft.id, mapping: draft.suggestedMapping, onDuplicate: "update" }));
    await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [inventoryImportJob as TenantJob<never>], memberGate: memberGateForJobs });
    const done = await owner.run((tx) => getImport(tx, owner.actor, draft.id));
    // The trashed product's SKU is not in the file: three rows, three updates.
    expect(done).toMatchObject({ state: "done", updatedCount: 3, createdCount: 0, errorCount: 0 });
    expect(await state()).toEqual(before);
  });
});
