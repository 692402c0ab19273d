import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as uploadRoute } from "../../../../app/api/inventory/imports/route";
import { crmTeam, type TeamMember } from "../../../../test/crm/team";
import { sessionCookie } from "../../../../test/http";
import { runtimeDb } from "../../../db/client";
import type { TenantJob } from "../../../jobs/define";
import { drainOutbox } from "../../../jobs/worker";
import { ValidationFailed } from "../../../platform/errors";
import { memberGateForJobs } from "../../orgs/service";
import { tenants } from "../../orgs/schema";
import { createProduct, deleteProduct } from "../catalog/products";
import { defaultWarehouseId } from "../catalog/warehouses";
import { inventoryImportJob } from "../jobs";
import { receiveStock } from "../stock/stock";
import { normalizeAmount } from "./adapter";
import { createImport, getImport, listImportErrors, previewImport, startImport } from "./imports";

/*
 * Product imports through the real engine and job: real-looking files (a German Excel
 * export with a BOM and semicolons, a file with bad prices, SKUs that differ only in case).
 */

const encode = (text: string) => new TextEncoder().encode(text);
const lines = (...rows: string[]) => `${rows.join("\r\n")}\r\n`;
const BOM = "\uFEFF";

async function work() {
  await drainOutbox({ workerId: `test-${crypto.randomUUID()}`, leaseSeconds: 60, backoffBaseMs: 5, backoffMaxMs: 20, batchSize: 10, pollMs: 10, jobs: [inventoryImportJob as TenantJob<never>], memberGate: memberGateForJobs });
}

async function importCsv(member: TeamMember, csv: string | Uint8Array, mapping?: Record<string, string>, onDuplicate: "update" | "skip" = "update") {
  const draft = await member.run((tx) => createImport(tx, member.actor, { entityType: "product", fileName: "products.csv" }, typeof csv === "string" ? encode(csv) : csv));
  await member.run((tx) => startImport(tx, member.actor, { id: draft.id, mapping: mapping ?? draft.suggestedMapping, onDuplicate }));
  await work();
  const done = await member.run((tx) => getImport(tx, member.actor, draft.id));
  const errors = await member.run((tx) => listImportErrors(tx, { id: draft.id }));
  return { draft, done, errors: errors.items };
}

type ProductRow = {
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  category: string | null;
  barcode: string | null;
  currency: string;
  sale_price_minor: string | null;
  standard_cost_minor: string | null;
  tax_category: string | null;
  active: boolean;
  lot_tracked: boolean;
};

async function products(member: TeamMember): Promise<Map<string, ProductRow>> {
  const rows = await member.run((tx) =>
    tx.execute<ProductRow>(sql`
      select sku, name, description, unit, category, barcode, currency, sale_price_minor::text, standard_cost_minor::text, tax_category, active, lot_tracked
        from inventory_products where deleted_at is null order by sku_key`),
  );
  return new Map(rows.map((r) => [r.sku, r]));
}

describe("amounts as spreadsheets write them", () => {
  it("reads decimal points and commas, thousands separators and currency signs", () => {
    const cases: [string, string, string][] = [
      ["12.50", "EUR", "12.50"],
      ["12,50", "EUR", "12.50"],
      ["1.234,56", "EUR", "1234.56"],
      ["1,234.56", "USD", "1234.56"],
      ["1,234", "USD", "1234"],
      ["€ 9,99", "EUR", "9.99"],
      ["$1,000", "USD", "1000"],
      ["12.50 EUR", "EUR", "12.50"],
      ["1 250", "JPY", "1250"],
    ];
    for (const [text, currency, expected] of cases) expect([text, normalizeAmount(text, currency)]).toEqual([text, expected]);
  });
});

describe("product import", () => {
  it("imports a German Excel file (BOM, semicolons, decimal commas, ja/nein) and maps its headers", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    await runtimeDb().update(tenants).set({ baseCurrency: "EUR" }).where(sql`id = ${team.org.id}`);
    const csv = `${BOM}${lines(
      "Artikelnummer;Bezeichnung;Beschreibung;Einheit;Warengruppe;EAN;Verkaufspreis;Einkaufspreis;Steuerklasse;Aktiv;Chargenpflichtig",
      'SCH-100;Schraube M6 × 40;"Edelstahl; DIN 933";Stk;Befestigung;4006381333931;0,35;0,12;Standard;ja;nein',
      "KLB-200;Klebstoff 500 g;;kg;Chemie;;1.234,50;899,00;Ermäßigt;nein;ja",
      "ÖL-7;Öl für Getriebe;;l;Chemie;;€ 12,90;7;;;",
    )}`;
    const { draft, done, errors } = await importCsv(member, csv);
    expect(draft.headers[0]).toBe("Artikelnummer");
    expect(draft.suggestedMapping).toEqual({
      Artikelnummer: "sku",
      Bezeichnung: "name",
      Beschreibung: "description",
      Einheit: "unit",
      Warengruppe: "category",
      EAN: "barcode",
      Verkaufspreis: "salePrice",
      Einkaufspreis: "standardCost",
      Steuerklasse: "taxCategory",
      Aktiv: "active",
      Chargenpflichtig: "lotTracked",
    });
    expect(errors).toEqual([]);
    expect(done).toMatchObject({ state: "done", processedRows: 3, createdCount: 3, updatedCount: 0, errorCount: 0 });
    const all = await products(member);
    expect(all.get("SCH-100")).toEqual({
      sku: "SCH-100",
      name: "Schraube M6 × 40",
      description: "Edelstahl; DIN 933",
      unit: "Stk",
      category: "Befestigung",
      barcode: "4006381333931",
      currency: "EUR",
      sale_price_minor: "35",
      standard_cost_minor: "12",
      tax_category: "Standard",
      active: true,
      lot_tracked: false,
    });
    expect(all.get("KLB-200")).toMatchObject({ sale_price_minor: "123450", standard_cost_minor: "89900", active: false, lot_tracked: true, description: null, barcode: null });
    expect(all.get("ÖL-7")).toMatchObject({ sale_price_minor: "1290", standard_cost_minor: "700", active: true, lot_tracked: false });
    const audit = await member.run((tx) => tx.execute<{ action: string }>(sql`select action from audit_log where entity_id = ${draft.id} order by id`));
    expect(audit.map((a) => a.action)).toEqual(["inventory.import.started", "inventory.import.finished"]);
  });

  it("reports every bad row with its spreadsheet row number and reason, and imports the rest", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const csv = lines(
      "SKU,Name,Sale price,Standard cost,Currency,Active",
      "OK-1,Good one,19.99,10,,yes",
      "BAD-1,Too precise,12.345,,,",
      "BAD-2,Not money,twelve,,,",
      "BAD-3,Negative,-5.00,,,",
      ",No SKU,1.00,,,",
      "",
      "BAD-4,,3.00,,,",
      "BAD-5,Bad flag,1.00,,,maybe",
      "BAD-6,Bad currency,1.00,,EURO,",
      "OK-2,Yen priced,1250,800,JPY,",
      "BAD-7,Yen with cents,12.50,,JPY,",
      "BAD 8,Space in SKU,1,,,",
    );
    const { done, errors } = await importCsv(member, csv);
    expect(errors).toEqual([
      { rowNumber: 3, reason: 'Sale price: "12.345" is not an amount in USD; write it like 12.50 (at most 2 decimals).' },
      { rowNumber: 4, reason: 'Sale price: "twelve" is not an amount in USD; write it like 12.50 (at most 2 decimals).' },
      { rowNumber: 5, reason: "Sale price cannot be negative." },
      { rowNumber: 6, reason: "SKU: Enter a SKU." },
      { rowNumber: 8, reason: "Name: enter the product's name (no product has the SKU BAD-4 yet)." },
      { rowNumber: 9, reason: 'Active: write yes or no, not "maybe".' },
      { rowNumber: 10, reason: 'Currency: use a 3-letter currency code, like EUR, not "EURO".' },
      { rowNumber: 12, reason: 'Sale price: "12.50" is not an amount in JPY; write it like 1250 (at most 0 decimals).' },
      { rowNumber: 13, reason: "SKU: A SKU cannot contain spaces." },
    ]);
    expect(done).toMatchObject({ state: "done", processedRows: 12, createdCount: 2, errorCount: 9 });
    const all = await products(member);
    expect([...all.keys()]).toEqual(["OK-1", "OK-2"]);
    expect(all.get("OK-1")).toMatchObject({ currency: "USD", sale_price_minor: "1999", standard_cost_minor: "1000", active: true });
    expect(all.get("OK-2")).toMatchObject({ currency: "JPY", sale_price_minor: "1250", standard_cost_minor: "800" });
  });

  it("matches SKUs whatever their case: updates the existing product and doubles nothing", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const existing = await member.run((tx) => createProduct(tx, member.actor, { sku: "WID-1", name: "Widget", category: "Old", salePriceMinor: 500n, description: "Kept" }));
    const csv = lines(
      "SKU,Name,Category,Sale price",
      "wid-1,Widget v2,Tools,6.00",
      "NEW-1,New thing,Tools,1.00",
      "new-1,,Gadgets,",
      "New-1,,,2.50",
    );
    const { done, errors } = await importCsv(member, csv, undefined, "update");
    expect(errors).toEqual([]);
    expect(done).toMatchObject({ state: "done", createdCount: 1, updatedCount: 3, skippedCount: 0, errorCount: 0 });
    const all = await products(member);
    expect([...all.keys()]).toEqual(["NEW-1", "WID-1"]);
    // The product keeps its SKU spelling and its id; cells left empty leave fields as they were.
    expect(all.get("WID-1")).toMatchObject({ name: "Widget v2", category: "Tools", sale_price_minor: "600", description: "Kept" });
    expect(all.get("NEW-1")).toMatchObject({ name: "New thing", category: "Gadgets", sale_price_minor: "250" });
    const [row] = await member.run((tx) => tx.execute<{ id: string }>(sql`select id from inventory_products where sku = 'WID-1'`));
    expect(row!.id).toBe(existing.id);

    // The same file again, duplicates skipped: nothing changes.
    const again = await importCsv(member, csv, undefined, "skip");
    expect(again.done).toMatchObject({ createdCount: 0, updatedCount: 0, skippedCount: 4, errorCount: 0 });
    expect(await products(member)).toEqual(all);
  });

  it("refuses rows for a trashed SKU, another currency, or lot tracking on a product with stock movements", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    const warehouseId = await member.run((tx) => defaultWarehouseId(tx));
    const trashed = await member.run((tx) => createProduct(tx, member.actor, { sku: "GONE-1", name: "Gone" }));
    await member.run((tx) => deleteProduct(tx, member.actor, trashed.id));
    const moved = await member.run((tx) => createProduct(tx, member.actor, { sku: "MOV-1", name: "Moved" }));
    await member.run((tx) => receiveStock(tx, member.actor, { productId: moved.id, warehouseId, quantity: "1", unitCost: "100" }));
    const csv = lines("SKU,Name,Currency,Lot tracked", "gone-1,Back?,,", "MOV-1,,EUR,", "mov-1,,,yes", "MOV-1,Moved again,USD,no");
    const { done, errors } = await importCsv(member, csv);
    expect(errors).toEqual([
      { rowNumber: 2, reason: "The SKU GONE-1 belongs to Gone, which is in the trash. Restore it from Inventory → Trash first, or use another SKU." },
      { rowNumber: 3, reason: "Currency: Moved (MOV-1) is priced in USD; an import cannot change a product's currency." },
      { rowNumber: 4, reason: "Lot tracked: lot tracking can only change before Moved has any stock movement." },
    ]);
    expect(done).toMatchObject({ createdCount: 0, updatedCount: 1, errorCount: 3 });
    const [gone] = await member.run((tx) => tx.execute<{ name: string; deleted: boolean }>(sql`select name, deleted_at is not null as deleted from inventory_products where id = ${trashed.id}`));
    expect(gone).toEqual({ name: "Gone", deleted: true });
    expect((await products(member)).get("MOV-1")).toMatchObject({ name: "Moved again", lot_tracked: false });
  });

  it("previews the first rows as the import would treat them, writing nothing", async () => {
    const team = await crmTeam("member");
    const [member] = team.people as [TeamMember];
    await member.run((tx) => createProduct(tx, member.actor, { sku: "PRE-1", name: "Previewed" }));
    const draft = await member.run((tx) => createImport(tx, member.actor, { entityType: "product" }, encode(lines("SKU,Name,Price", "pre-1,Renamed,1", "PRE-2,Fresh,x"))));
    const preview = await member.run((tx) => previewImport(tx, member.actor, { id: draft.id, mapping: draft.suggestedMapping, onDuplicate: "update" }));
    expect(preview.rows.map((r) => [r.rowNumber, r.action, r.reason])).toEqual([
      [2, "update", null],
      [3, "error", 'Price: "x" is not an amount in USD; write it like 12.50 (at most 2 decimals).'],
    ]);
    expect(preview.matches).toEqual([{ rowNumber: 2, matchedBy: "the SKU pre-1 (letter case aside)" }]);
    expect([...(await products(member)).keys()]).toEqual(["PRE-1"]);
    // A mapping without the SKU column is refused before anything starts.
    const refused = await member.run((tx) => startImport(tx, member.actor, { id: draft.id, mapping: { Name: "name" } })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationFailed);
    expect((refused as ValidationFailed).fields.mapping).toEqual(['"SKU" is required for every new product: choose the column that holds it.']);
  });

  it("takes uploads through the route for members, and refuses viewers", async () => {
    const team = await crmTeam("member", "viewer");
    const [member, viewer] = team.people as [TeamMember, TeamMember];
    const form = new FormData();
    form.set("file", new File([`${BOM}SKU;Name;Price\r\nUP-1;Uploaded;1,50\r\n`], "../../products.csv", { type: "text/csv" }));
    const post = async (who: TeamMember) =>
      uploadRoute(new Request("http://localhost/api/inventory/imports", { method: "POST", headers: { cookie: await sessionCookie(who), "x-tenant-id": team.org.id }, body: form }));
    const response = await post(member);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; fileName: string; headers: string[]; suggestedMapping: Record<string, string>; entityType: string };
    expect(created).toMatchObject({ fileName: "products.csv", entityType: "product", headers: ["SKU", "Name", "Price"], suggestedMapping: { SKU: "sku", Name: "name", Price: "salePrice" } });
    const refused = await post(viewer);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "Viewers cannot import. Ask an admin for the member role." });
  });
});
