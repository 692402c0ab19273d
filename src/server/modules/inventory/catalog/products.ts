import { eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, pgErrorCode } from "../../../platform/errors";
import { optionalText, parseInput, patchText, plainText } from "../../../platform/validate";
import { keysetPage, listInput, pageOf, prefixQuery, type SortColumn } from "../../../records/lists";
import { recordAudit } from "../../audit/service";
import { currentOrganization } from "../../orgs/settings";
import { fromDb, toText } from "../fixed";
import { assertProductCapacity } from "../limits";
import { inventoryProducts } from "../schema";
import { inventoryTrash } from "../trash";

/* Products: what is stocked. A SKU is unique per tenant whatever its case. */

export const PRODUCT_IN_TRASH = "This product is in the trash. Restore it from Inventory → Trash to open it.";
const MISSING = "This product does not exist, or it was deleted.";

const minorAmount = (label: string) =>
  z
    .union([z.bigint(), z.number().int(`${label}: enter a whole number of minor units (cents).`), plainText().trim().regex(/^\d{1,15}$/, `${label}: enter a whole number of minor units (cents).`)])
    .transform((value) => BigInt(value))
    .pipe(z.bigint().min(0n, `${label} cannot be negative.`).max(10n ** 15n, `${label} is too large.`))
    .nullish();

const productFields = {
  sku: plainText()
    .trim()
    .min(1, "Enter a SKU.")
    .max(64, "A SKU can be at most 64 characters.")
    .regex(/^[^\s]*$/, "A SKU cannot contain spaces."),
  name: plainText().trim().min(1, "Enter the product's name.").max(200, "A name can be at most 200 characters."),
  description: optionalText(5000, "A description", { multiline: true }),
  unit: plainText().trim().min(1, "Enter a unit, like pcs or kg.").max(20, "A unit can be at most 20 characters.").default("pcs"),
  unitDecimals: z.number().int().min(0, "Between 0 and 6 decimals.").max(6, "Between 0 and 6 decimals.").default(0),
  category: optionalText(100, "A category"),
  barcode: plainText()
    .trim()
    .max(64, "A barcode can be at most 64 characters.")
    .regex(/^[0-9A-Za-z\-.$/+% ]*$/, "A barcode holds digits, letters and - . $ / + %.")
    .nullish()
    .transform((value) => value || null),
  currency: plainText().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code, like USD.").optional(),
  salePriceMinor: minorAmount("The sale price"),
  standardCostMinor: minorAmount("The standard cost"),
  taxCategory: optionalText(50, "A tax category"),
  active: z.boolean().default(true),
  lotTracked: z.boolean().default(false),
};

export const createProductInput = z.object(productFields);
export type CreateProductInput = z.input<typeof createProductInput>;

export const updateProductInput = z.object({
  id: z.uuid(),
  sku: productFields.sku.optional(),
  name: productFields.name.optional(),
  description: patchText(5000, "A description", { multiline: true }),
  unit: productFields.unit.optional(),
  category: patchText(100, "A category"),
  barcode: productFields.barcode,
  salePriceMinor: productFields.salePriceMinor,
  standardCostMinor: productFields.standardCostMinor,
  taxCategory: patchText(50, "A tax category"),
  active: z.boolean().optional(),
  lotTracked: z.boolean().optional(),
});

export type Product = Omit<typeof inventoryProducts.$inferSelect, "search" | "sortName" | "skuKey">;

export function productSnapshot(product: Product) {
  const { tenantId: _t, createdAt: _c, updatedAt: _u, ...rest } = product as Product & { search?: unknown; sortName?: unknown; skuKey?: unknown };
  const { search: _s, sortName: _n, skuKey: _k, ...fields } = rest as typeof rest & { search?: unknown; sortName?: unknown; skuKey?: unknown };
  return { ...fields, salePriceMinor: fields.salePriceMinor?.toString() ?? null, standardCostMinor: fields.standardCostMinor?.toString() ?? null };
}

const columns = {
  tenantId: inventoryProducts.tenantId,
  id: inventoryProducts.id,
  sku: inventoryProducts.sku,
  name: inventoryProducts.name,
  description: inventoryProducts.description,
  unit: inventoryProducts.unit,
  unitDecimals: inventoryProducts.unitDecimals,
  category: inventoryProducts.category,
  barcode: inventoryProducts.barcode,
  currency: inventoryProducts.currency,
  salePriceMinor: inventoryProducts.salePriceMinor,
  standardCostMinor: inventoryProducts.standardCostMinor,
  taxCategory: inventoryProducts.taxCategory,
  active: inventoryProducts.active,
  lotTracked: inventoryProducts.lotTracked,
  deletedAt: inventoryProducts.deletedAt,
  deletedBy: inventoryProducts.deletedBy,
  createdBy: inventoryProducts.createdBy,
  createdAt: inventoryProducts.createdAt,
  updatedAt: inventoryProducts.updatedAt,
};

async function assertSkuFree(tx: TenantTx, sku: string, exceptId?: string): Promise<void> {
  const [holder] = await tx.execute<{ id: string; name: string; deleted: boolean }>(sql`
    select id, name, deleted_at is not null as deleted from inventory_products where sku_key = lower(${sku}) ${exceptId ? sql`and id <> ${exceptId}` : sql``}`);
  if (holder) {
    throw new Conflict(`The SKU ${sku} is already used by ${holder.name}${holder.deleted ? " (in the trash)" : ""}.`);
  }
}

/** A unique-index race (two creates with one SKU at once) as the same clear Conflict. */
async function skuRace<T>(sku: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new Conflict(`The SKU ${sku} is already used by another product.`);
    throw error;
  }
}

export async function createProduct(tx: TenantTx, _actor: Actor, rawInput: CreateProductInput): Promise<Product> {
  const input = parseInput(createProductInput, rawInput);
  await assertSkuFree(tx, input.sku);
  await assertProductCapacity(tx, 1);
  const currency = input.currency ?? (await currentOrganization(tx)).baseCurrency;
  const [product] = await skuRace(input.sku, () =>
    tx
      .insert(inventoryProducts)
      .values({ ...input, currency })
      .returning(columns),
  );
  await recordAudit(tx, { action: "inventory.product.created", entityType: "inventory.product", entityId: product!.id, after: productSnapshot(product!) });
  return product!;
}

/** A product with its stock per warehouse (on hand, reserved, available, value, average cost, reorder rule). */
export async function getProduct(tx: TenantTx, id: string, options: { includeTrashed?: boolean } = {}) {
  const [product] = await tx.select(columns).from(inventoryProducts).where(eq(inventoryProducts.id, id));
  if (!product) throw new NotFound(MISSING);
  if (product.deletedAt && !options.includeTrashed) throw new NotFound(PRODUCT_IN_TRASH);
  const stock = await tx.execute<{
    warehouse_id: string;
    warehouse_code: string;
    warehouse_name: string;
    on_hand: string;
    reserved: string;
    value: string;
    average_cost: string;
    reorder_point: string | null;
    reorder_quantity: string | null;
  }>(sql`
    select w.id as warehouse_id, w.code as warehouse_code, w.name as warehouse_name,
           coalesce(l.on_hand, 0)::text as on_hand, coalesce(l.reserved, 0)::text as reserved, coalesce(l.value, 0)::text as value,
           coalesce(l.average_cost, 0)::text as average_cost, r.reorder_point::text, r.reorder_quantity::text
      from inventory_warehouses w
      left join inventory_levels l on l.warehouse_id = w.id and l.product_id = ${id}
      left join inventory_reorder_rules r on r.warehouse_id = w.id and r.product_id = ${id}
     where w.archived_at is null or l.on_hand <> 0
     order by w.is_default desc, w.name`);
  const lots = await tx.execute<{ lot_id: string; number: string; expires_on: string | null; expired: boolean; warehouse_id: string; on_hand: string }>(sql`
    select t.id as lot_id, t.number, t.expires_on::text, coalesce(t.expires_on < current_date, false) as expired, l.warehouse_id, l.on_hand::text
      from inventory_lot_levels l join inventory_lots t on t.id = l.lot_id
     where l.product_id = ${id} and l.on_hand <> 0
     order by t.expires_on nulls last, t.number`);
  const [image] = await tx.execute<{ updated_at: string }>(sql`select updated_at from inventory_product_images where product_id = ${id}`);
  return {
    ...product,
    /** Changes with the picture (a cache-busting query parameter); null: no picture. */
    imageVersion: image ? new Date(image.updated_at).getTime() : null,
    stock: stock.map((s) => ({
      warehouseId: s.warehouse_id,
      warehouseCode: s.warehouse_code,
      warehouseName: s.warehouse_name,
      onHand: trim(s.on_hand),
      reserved: trim(s.reserved),
      available: trim(subtract(s.on_hand, s.reserved)),
      value: trim(s.value),
      averageCost: trim(s.average_cost),
      reorderPoint: s.reorder_point === null ? null : trim(s.reorder_point),
      reorderQuantity: s.reorder_quantity === null ? null : trim(s.reorder_quantity),
    })),
    lots: lots.map((l) => ({ lotId: l.lot_id, number: l.number, expiresOn: l.expires_on, expired: l.expired, warehouseId: l.warehouse_id, onHand: trim(l.on_hand) })),
  };
}

/** "12.500000" → "12.5": quantities and values travel as short decimal text. */
export function trim(text: string): string {
  return toText(fromDb(text));
}

function subtract(a: string, b: string): string {
  return toText(fromDb(a) - fromDb(b));
}

export async function updateProduct(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof updateProductInput>): Promise<Product> {
  const input = parseInput(updateProductInput, rawInput);
  const [before] = await tx.select(columns).from(inventoryProducts).where(eq(inventoryProducts.id, input.id)).for("update");
  if (!before) throw new NotFound(MISSING);
  if (before.deletedAt) throw new NotFound(PRODUCT_IN_TRASH);
  if (input.sku !== undefined && input.sku.toLowerCase() !== before.sku.toLowerCase()) await assertSkuFree(tx, input.sku, input.id);
  if (input.lotTracked !== undefined && input.lotTracked !== before.lotTracked) {
    const [moved] = await tx.execute(sql`select 1 from inventory_movements where product_id = ${input.id} limit 1`);
    if (moved) throw new Conflict(`Lot tracking can only change before ${before.name} has any stock movement.`);
  }
  const { id, ...given } = input;
  const changes = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<Product>;
  const [after] = await skuRace(input.sku ?? before.sku, () =>
    tx
      .update(inventoryProducts)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(inventoryProducts.id, id))
      .returning(columns),
  );
  await recordAudit(tx, { action: "inventory.product.updated", entityType: "inventory.product", entityId: id, before: productSnapshot(before), after: productSnapshot(after!) });
  return after!;
}

/** Moves a product to the trash (Inventory → Trash): restorable exactly for 30 days (./trash.ts). */
export async function deleteProduct(tx: TenantTx, actor: Actor, id: string): Promise<{ id: string }> {
  await inventoryTrash.trashRecord(tx, actor, "product", id);
  return { id };
}

export const productSortFields = ["updatedAt", "name", "sku"] as const;

export const productFilterShape = {
  q: plainText().trim().max(200).optional(),
  category: plainText().trim().max(100).optional(),
  active: z.boolean().optional(),
  lotTracked: z.boolean().optional(),
  /** Only products at or below their reorder point (available ≤ point) in some warehouse. */
  lowStock: z.boolean().optional(),
};

export const productListInput = listInput(productFilterShape, productSortFields);
export type ProductListInput = z.input<typeof productListInput>;

export const PRODUCT_SORT: Record<(typeof productSortFields)[number], SortColumn[]> = {
  updatedAt: [{ expr: sql`p.updated_at`, cast: "timestamptz" }],
  name: [{ expr: sql`p.sort_name`, cast: "text" }],
  sku: [{ expr: sql`p.sku_key`, cast: "text" }],
};

/** Live products at or below a reorder point somewhere: available (on hand − reserved) ≤ point. */
export const LOW_STOCK = sql`exists (
  select 1 from inventory_reorder_rules r
    left join inventory_levels l on l.product_id = r.product_id and l.warehouse_id = r.warehouse_id
   where r.product_id = p.id and coalesce(l.on_hand - l.reserved, 0) <= r.reorder_point)`;

export function productConditions(filters: z.output<typeof productListInput>["filters"]): SQL[] {
  const conditions: SQL[] = [sql`p.deleted_at is null`];
  const query = filters.q ? prefixQuery(filters.q) : null;
  if (query) conditions.push(sql`p.search @@ to_tsquery('simple', ${query})`);
  if (filters.category) conditions.push(sql`p.category = ${filters.category}`);
  if (filters.active !== undefined) conditions.push(sql`p.active = ${filters.active}`);
  if (filters.lotTracked !== undefined) conditions.push(sql`p.lot_tracked = ${filters.lotTracked}`);
  if (filters.lowStock) conditions.push(LOW_STOCK);
  return conditions;
}

export async function listProducts(tx: TenantTx, rawInput: ProductListInput) {
  const input = parseInput(productListInput, rawInput);
  const sort = PRODUCT_SORT[input.sort.field];
  const query = keysetPage(sort, sql`p.id`, input.sort.direction, input.cursor, productConditions(input.filters));
  const rows = await tx.execute<{
    id: string;
    sku: string;
    name: string;
    category: string | null;
    unit: string;
    barcode: string | null;
    currency: string;
    sale_price_minor: string | null;
    active: boolean;
    lot_tracked: boolean;
    on_hand: string;
    reserved: string;
    value: string;
    low_stock: boolean;
    updated_at: string;
    cursor: string;
  }>(sql`
    select p.id, p.sku, p.name, p.category, p.unit, p.barcode, p.currency, p.sale_price_minor::text, p.active, p.lot_tracked,
           coalesce(s.on_hand, 0)::text as on_hand, coalesce(s.reserved, 0)::text as reserved, coalesce(s.value, 0)::text as value,
           ${LOW_STOCK} as low_stock, p.updated_at, p.cursor
      from (select p.*, ${query.cursor} as cursor from inventory_products p where ${query.where} order by ${query.order} limit ${input.limit + 1}) p
      left join lateral (select sum(on_hand) as on_hand, sum(reserved) as reserved, sum(value) as value from inventory_levels l where l.product_id = p.id) s on true
     order by ${query.order}`);
  const page = pageOf(rows, input.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      sku: r.sku,
      name: r.name,
      category: r.category,
      unit: r.unit,
      barcode: r.barcode,
      currency: r.currency,
      salePriceMinor: r.sale_price_minor,
      active: r.active,
      lotTracked: r.lot_tracked,
      onHand: trim(r.on_hand),
      reserved: trim(r.reserved),
      available: trim(subtract(r.on_hand, r.reserved)),
      value: trim(r.value),
      lowStock: r.low_stock,
      updatedAt: new Date(r.updated_at),
    })),
  };
}

/** The categories in use, for the list's filter. */
export async function listCategories(tx: TenantTx): Promise<string[]> {
  const rows = await tx.execute<{ category: string }>(sql`
    select distinct category from inventory_products where deleted_at is null and category is not null order by category limit 500`);
  return rows.map((r) => r.category);
}
