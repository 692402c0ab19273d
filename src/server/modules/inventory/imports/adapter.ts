import { sql } from "drizzle-orm";
import { z } from "zod";
import { minorDigits, parseMajorAmount } from "../../../../lib/money";
import { fieldErrorsOf } from "../../../platform/validate";
import type { Fallible, ImportAdapter, ImportBase, ImportedRecord, Parsed } from "../../../records/import/batch";
import { cellOf, describeErrors, givenKeys, json, labelOf } from "../../../records/import/cells";
import type { CsvRecord, ImportField } from "../../../records/import/parse";
import { capacity } from "../../orgs/limits";
import { currentOrganization } from "../../orgs/settings";
import { createProductInput } from "../catalog/products";
import { PRODUCTS_LIMIT } from "../limits";

/*
 * CSV rows → products (the import engine's adapter, src/server/records/import): the rules
 * of createProduct / updateProduct written set-based. A row is matched to an existing
 * product, and to earlier rows of the file, by its SKU whatever its case, so importing the
 * same file again updates (or skips) the products it made instead of failing on them.
 *
 * Prices are in major units as people write them ("12.50", "1,234.50", "12,50" from a
 * German Excel) and stored in minor units of the product's currency: the row's Currency
 * for a new product (else the organization's base currency), the product's own for an
 * existing one (an import never changes a product's currency).
 */

/* Labels double as the CSV export's column names, so an exported file maps itself on re-import. */
const PRODUCT_FIELDS: ImportField[] = [
  { key: "sku", label: "SKU", repeatable: false, required: true, synonyms: ["sku", "item code", "item number", "article number", "product code", "part number", "artikelnummer", "art nr", "code"] },
  { key: "name", label: "Name", repeatable: false, synonyms: ["name", "product name", "product", "item name", "item", "title", "bezeichnung", "artikel", "artikelname"] },
  { key: "description", label: "Description", repeatable: false, synonyms: ["description", "details", "long description", "beschreibung"] },
  { key: "unit", label: "Unit", repeatable: false, synonyms: ["unit", "uom", "unit of measure", "units", "einheit", "mengeneinheit"] },
  { key: "category", label: "Category", repeatable: false, synonyms: ["category", "product category", "group", "product group", "kategorie", "warengruppe"] },
  { key: "barcode", label: "Barcode", repeatable: false, synonyms: ["barcode", "ean", "ean13", "gtin", "upc", "bar code"] },
  { key: "currency", label: "Currency", repeatable: false, synonyms: ["currency", "currency code", "währung", "waehrung"] },
  { key: "salePrice", label: "Sale price", repeatable: false, synonyms: ["sale price", "price", "selling price", "unit price", "list price", "retail price", "verkaufspreis", "preis"] },
  { key: "standardCost", label: "Standard cost", repeatable: false, synonyms: ["standard cost", "cost", "unit cost", "cost price", "purchase price", "einkaufspreis"] },
  { key: "taxCategory", label: "Tax category", repeatable: false, synonyms: ["tax category", "tax class", "tax code", "vat category", "tax", "steuerklasse"] },
  { key: "active", label: "Active", kind: "boolean", repeatable: false, synonyms: ["active", "enabled", "is active", "aktiv"] },
  { key: "lotTracked", label: "Lot tracked", kind: "boolean", repeatable: false, synonyms: ["lot tracked", "lot tracking", "lots", "batch tracked", "chargenpflichtig"] },
];

const TEXT_FIELDS = ["sku", "name", "description", "unit", "category", "barcode", "taxCategory"] as const;
const BOOLEAN_FIELDS = ["active", "lotTracked"] as const;
const PRICE_FIELDS = ["salePrice", "standardCost"] as const;

/** A row's own rules: createProduct's, with the name optional (an existing product keeps its own). */
const rowInput = createProductInput.extend({ name: createProductInput.shape.name.optional() });

export type ProductImportContext = ImportBase & { baseCurrency: string };

type ProductValue = {
  input: z.output<typeof rowInput>;
  /** The fields the row has a value for: an update changes only those. */
  given: Set<string>;
  currency: string | null;
  /** The price cells as written (converted once the product's currency is known). */
  prices: { salePrice: string | null; standardCost: string | null };
};

type ProductRecord = ImportedRecord & {
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  category: string | null;
  barcode: string | null;
  currency: string;
  salePriceMinor: string | null;
  standardCostMinor: string | null;
  taxCategory: string | null;
  active: boolean;
  lotTracked: boolean;
  /** Existing products only: in the trash (never updated by an import), has stock movements (lot tracking fixed). */
  trashed: boolean;
  moved: boolean;
};

/**
 * "1,234.50" / "1.234,50" / "12,50" / "€ 12.50" → the text parseMajorAmount reads ("1234.50").
 * With both separators the last one is the decimal point; a lone comma followed by one or
 * two digits (or up to the currency's decimals, but never three) is a decimal comma;
 * otherwise commas group thousands ("1,234" is 1234, as in English spreadsheets).
 */
export function normalizeAmount(text: string, currency: string): string {
  const cell = text.replace(/[\s\u00a0'$€£¥]/g, "").replace(new RegExp(`^${currency}|${currency}$`, "i"), "");
  const lastComma = cell.lastIndexOf(",");
  const lastDot = cell.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? cell.replace(/\./g, "").replace(",", ".") : cell.replace(/,/g, "");
  if (lastComma >= 0 && cell.indexOf(",") === lastComma) {
    const decimals = cell.length - lastComma - 1;
    if (decimals >= 1 && decimals <= Math.max(minorDigits(currency), 2) && decimals !== 3) return cell.replace(",", ".");
  }
  return cell.replace(/,/g, "");
}

const PRICE_LABELS = { salePrice: "Sale price", standardCost: "Standard cost" } as const;

/** A price cell in minor units of `currency` (as text), or the row's error. */
function priceOf(ctx: ProductImportContext, key: (typeof PRICE_FIELDS)[number], cell: string, currency: string): Fallible<string> {
  const label = labelOf(ctx, key, PRICE_LABELS[key]);
  const minor = parseMajorAmount(normalizeAmount(cell, currency), currency);
  const digits = minorDigits(currency);
  const example = digits ? `12.${"5".padEnd(digits, "0")}` : "1250";
  if (minor === null) return { error: `${label}: "${cell}" is not an amount in ${currency}; write it like ${example} (at most ${digits} decimals).` };
  if (minor < 0n) return { error: `${label} cannot be negative.` };
  if (minor > 10n ** 15n) return { error: `${label} is too large.` };
  return { ok: minor.toString() };
}

function parseProduct(ctx: ProductImportContext, row: CsvRecord): Fallible<ProductValue> {
  const raw: Record<string, unknown> = { sku: "" };
  const problems: string[] = [];
  for (const key of TEXT_FIELDS) {
    const value = cellOf(ctx, row, key);
    if (value) raw[key] = value;
  }
  for (const key of BOOLEAN_FIELDS) {
    const value = cellOf(ctx, row, key);
    if (value === "true" || value === "false") raw[key] = value === "true";
    else if (value) problems.push(`${labelOf(ctx, key, key)}: write yes or no, not "${value}".`);
  }
  const currencyCell = cellOf(ctx, row, "currency").toUpperCase();
  if (currencyCell && !/^[A-Z]{3}$/.test(currencyCell)) problems.push(`${labelOf(ctx, "currency", "Currency")}: use a 3-letter currency code, like EUR, not "${currencyCell}".`);
  const given = givenKeys(raw);
  const parsed = rowInput.safeParse(raw);
  if (!parsed.success) problems.unshift(describeErrors(fieldErrorsOf(parsed.error), (path) => labelOf(ctx, path.split(".")[0]!, path)));
  if (!parsed.success || problems.length) return { error: problems.join(" ") };
  const salePrice = cellOf(ctx, row, "salePrice") || null;
  const standardCost = cellOf(ctx, row, "standardCost") || null;
  if (salePrice) given.add("salePrice");
  if (standardCost) given.add("standardCost");
  return { ok: { input: parsed.data, given, currency: currencyCell || null, prices: { salePrice, standardCost } } };
}

/** The row's prices in `currency`, applied to `record` (only those the row gives). */
function withPrices(ctx: ProductImportContext, record: ProductRecord, value: ProductValue, currency: string): Fallible<ProductRecord> {
  const next = { ...record };
  const errors: string[] = [];
  for (const key of PRICE_FIELDS) {
    const cell = value.prices[key];
    if (!cell) continue;
    const price = priceOf(ctx, key, cell, currency);
    if ("error" in price) errors.push(price.error);
    else next[key === "salePrice" ? "salePriceMinor" : "standardCostMinor"] = price.ok;
  }
  return errors.length ? { error: errors.join(" ") } : { ok: next };
}

function createProductRecord(ctx: ProductImportContext, { value }: Parsed<ProductValue>): Fallible<ProductRecord> {
  const { input } = value;
  if (!input.name) return { error: `${labelOf(ctx, "name", "Name")}: enter the product's name (no product has the SKU ${input.sku} yet).` };
  const currency = value.currency ?? ctx.baseCurrency;
  const record: ProductRecord = {
    id: crypto.randomUUID(),
    isNew: true,
    rowNumbers: [],
    sku: input.sku,
    name: input.name,
    description: input.description ?? null,
    unit: input.unit,
    category: input.category ?? null,
    barcode: input.barcode ?? null,
    currency,
    salePriceMinor: null,
    standardCostMinor: null,
    taxCategory: input.taxCategory ?? null,
    active: input.active,
    lotTracked: input.lotTracked,
    trashed: false,
    moved: false,
  };
  return withPrices(ctx, record, value, currency);
}

function applyProduct(ctx: ProductImportContext, record: ProductRecord, { value }: Parsed<ProductValue>): Fallible<ProductRecord> {
  if (record.trashed) return { error: `The SKU ${record.sku} belongs to ${record.name}, which is in the trash. Restore it from Inventory → Trash first, or use another SKU.` };
  if (value.currency && value.currency !== record.currency) {
    return { error: `${labelOf(ctx, "currency", "Currency")}: ${record.name} (${record.sku}) is priced in ${record.currency}; an import cannot change a product's currency.` };
  }
  const { input, given } = value;
  if (given.has("lotTracked") && input.lotTracked !== record.lotTracked && record.moved) {
    return { error: `${labelOf(ctx, "lotTracked", "Lot tracked")}: lot tracking can only change before ${record.name} has any stock movement.` };
  }
  const next: ProductRecord = { ...record };
  // The SKU was the match (same letters, maybe another case): the product keeps its own spelling.
  for (const key of ["name", "description", "unit", "category", "barcode", "taxCategory"] as const) if (given.has(key)) Object.assign(next, { [key]: input[key] ?? null });
  for (const key of BOOLEAN_FIELDS) if (given.has(key)) next[key] = input[key];
  return withPrices(ctx, next, value, record.currency);
}

function productRow(r: ProductRecord) {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    description: r.description,
    unit: r.unit,
    category: r.category,
    barcode: r.barcode,
    currency: r.currency,
    sale_price_minor: r.salePriceMinor,
    standard_cost_minor: r.standardCostMinor,
    tax_category: r.taxCategory,
    active: r.active,
    lot_tracked: r.lotTracked,
  };
}

const PRODUCT_COLUMNS = sql`id uuid, sku text, name text, description text, unit text, category text, barcode text, currency text,
  sale_price_minor bigint, standard_cost_minor bigint, tax_category text, active boolean, lot_tracked boolean`;

export const productImportAdapter: ImportAdapter<ProductImportContext, ProductValue, ProductRecord> = {
  what: "product",
  whatPlural: "products",
  fields: async () => PRODUCT_FIELDS,
  async context(tx, base) {
    return { ...base, baseCurrency: (await currentOrganization(tx)).baseCurrency };
  },
  parse: parseProduct,
  keys: (value) => [value.input.sku.toLowerCase()],
  describeKey: (key) => `the SKU ${key} (letter case aside)`,
  async lookup(tx, keys) {
    if (!keys.length) return new Map();
    // SKUs are unique whatever their case (sku_key = lower(sku)), trashed products included.
    const rows = await tx.execute<{ sku_key: string; id: string }>(sql`select sku_key, id from inventory_products where sku_key = any(${sql.param(keys)}::text[])`);
    return new Map(rows.map((row) => [row.sku_key, row.id]));
  },
  async load(tx, _ctx, ids) {
    if (!ids.length) return new Map();
    const rows = await tx.execute<{
      id: string;
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
      trashed: boolean;
      moved: boolean;
    }>(sql`
      select p.id, p.sku, p.name, p.description, p.unit, p.category, p.barcode, p.currency, p.sale_price_minor::text, p.standard_cost_minor::text,
             p.tax_category, p.active, p.lot_tracked, p.deleted_at is not null as trashed,
             exists (select 1 from inventory_movements m where m.tenant_id = p.tenant_id and m.product_id = p.id) as moved
        from inventory_products p where p.id = any(${sql.param(ids)}::uuid[]) for update of p`);
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          isNew: false,
          rowNumbers: [],
          sku: r.sku,
          name: r.name,
          description: r.description,
          unit: r.unit,
          category: r.category,
          barcode: r.barcode,
          currency: r.currency,
          salePriceMinor: r.sale_price_minor,
          standardCostMinor: r.standard_cost_minor,
          taxCategory: r.tax_category,
          active: r.active,
          lotTracked: r.lot_tracked,
          trashed: r.trashed,
          moved: r.moved,
        },
      ]),
    );
  },
  create: createProductRecord,
  apply: applyProduct,
  recordKeys: (record) => [record.sku.toLowerCase()],
  async admit(tx, creates) {
    if (!creates.length) return { admitted: 0, reason: null };
    // Counted under the tenant's limit lock, held until commit: the room cannot shrink meanwhile.
    const state = await capacity(tx, PRODUCTS_LIMIT);
    if (state.room === null || state.room >= creates.length) return { admitted: creates.length, reason: null };
    return {
      admitted: state.room,
      reason:
        `Not imported: your ${state.planLabel} plan allows ${(state.limit ?? 0).toLocaleString("en-US")} products and that limit is reached. ` +
        "Upgrade the plan on Settings → Billing, or move products you no longer sell to the trash, then import the remaining rows again.",
    };
  },
  async write(tx, _ctx, creates, updates) {
    if (creates.length) {
      await tx.execute(sql`
        insert into inventory_products (id, sku, name, description, unit, category, barcode, currency, sale_price_minor, standard_cost_minor, tax_category, active, lot_tracked)
        select id, sku, name, description, unit, category, barcode, currency, sale_price_minor, standard_cost_minor, tax_category, active, lot_tracked
          from jsonb_to_recordset(${json(creates.map(productRow))}) as v(${PRODUCT_COLUMNS})`);
    }
    if (updates.length) {
      await tx.execute(sql`
        update inventory_products p
           set name = v.name, description = v.description, unit = v.unit, category = v.category, barcode = v.barcode,
               sale_price_minor = v.sale_price_minor, standard_cost_minor = v.standard_cost_minor, tax_category = v.tax_category,
               active = v.active, lot_tracked = v.lot_tracked, updated_at = now()
          from jsonb_to_recordset(${json(updates.map(productRow))}) as v(${PRODUCT_COLUMNS})
         where p.id = v.id and p.deleted_at is null`);
    }
  },
};
