import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, customType, date, foreignKey, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn, timestamps } from "../../db/columns";
import { bulkTables, importTables, savedViewsTable } from "../../records/tables";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";

/*
 * Inventory tables. Every table is tenant-owned (tenant RLS, drizzle/0024_inventory.sql);
 * references between them are composite (tenant_id, id) so nothing points across tenants.
 *
 * Quantities are numeric(20,6) (a unit may be fractional: kg, m); values and unit costs are
 * numeric(24,6) in the currency's minor units, so an average cost keeps its fraction of a
 * cent. In TypeScript both are exact fixed-point bigints (./fixed.ts), never floats.
 *
 * The ledger (inventory_movements) is append-only: the app role has SELECT and INSERT only
 * and a trigger refuses UPDATE and DELETE for everyone but the table owner's maintenance.
 * Levels, lot levels and cost segments are derived state kept in the same transaction as
 * the movement that changes them (./stock/ledger.ts), and checked against the ledger by
 * ./stock/check.ts.
 */

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

const quantity = () => numeric({ precision: 20, scale: 6, mode: "string" });
const money = () => numeric({ precision: 24, scale: 6, mode: "string" });

export const negativeStockPolicy = pgEnum("inventory_negative_policy", ["refuse", "allow"]);
export type NegativeStockPolicy = (typeof negativeStockPolicy.enumValues)[number];

export const movementKind = pgEnum("inventory_movement_kind", [
  "receipt",
  "shipment",
  "adjustment",
  "transfer_out",
  "transfer_in",
  /** A value-only entry (quantity 0): the later outflows of a cost segment revalued after a backdated move. */
  "revaluation",
  /** A value-only entry: units shipped short (negative stock) re-costed at the receipt that covered them. */
  "shortfall_correction",
]);
export type MovementKind = (typeof movementKind.enumValues)[number];

export const adjustmentReason = pgEnum("inventory_adjustment_reason", ["count", "damage", "loss", "found", "other"]);
export type AdjustmentReason = (typeof adjustmentReason.enumValues)[number];

const createdByColumn = () =>
  uuid()
    .default(currentUserIdDefault)
    .references(() => users.id, { onDelete: "set null" });

export const inventoryWarehouses = pgTable(
  "inventory_warehouses",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** Short code shown in lists and on movement forms ("MAIN"); unique per tenant, case-insensitive. */
    code: text().notNull(),
    name: text().notNull(),
    address: text(),
    isDefault: boolean().notNull().default(false),
    negativePolicy: negativeStockPolicy().notNull().default("refuse"),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inventory_warehouses_code_idx").on(t.tenantId, sql`lower(${t.code})`),
    // At most one default warehouse per tenant.
    uniqueIndex("inventory_warehouses_default_idx").on(t.tenantId).where(sql`is_default`),
  ],
);

/** Optional bin locations inside a warehouse (a movement may name one). */
export const inventoryBins = pgTable(
  "inventory_bins",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    warehouseId: uuid().notNull(),
    code: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inventory_bins_code_idx").on(t.tenantId, t.warehouseId, sql`lower(${t.code})`),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [inventoryWarehouses.tenantId, inventoryWarehouses.id] }).onDelete("cascade"),
  ],
);

const LIVE = sql`deleted_at is null`;

export const inventoryProducts = pgTable(
  "inventory_products",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    sku: text().notNull(),
    name: text().notNull(),
    description: text(),
    /** Unit of measure ("pcs", "kg"); `decimals` says how many decimals a quantity may have. */
    unit: text().notNull().default("pcs"),
    unitDecimals: integer().notNull().default(0),
    category: text(),
    barcode: text(),
    /** ISO 4217; sale price and standard cost are in its minor units. */
    currency: text().notNull(),
    salePriceMinor: bigint({ mode: "bigint" }),
    standardCostMinor: bigint({ mode: "bigint" }),
    taxCategory: text(),
    active: boolean().notNull().default(true),
    lotTracked: boolean().notNull().default(false),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdBy: createdByColumn(),
    ...timestamps(),
    search: tsvector().generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('simple'::regconfig, coalesce(sku, '') || ' ' || regexp_replace(coalesce(sku, ''), '[-_./]', ' ', 'g') || ' ' || coalesce(name, '') || ' ' || neuroops_fold_accents(coalesce(name, '')) || ' ' || coalesce(barcode, '') || ' ' || coalesce(category, ''))`,
    ),
    sortName: text().generatedAlwaysAs((): SQL => sql`lower(name)`),
    /** lower(sku), stored: the uniqueness and sort key (an index condition under RLS, unlike lower()). */
    skuKey: text().generatedAlwaysAs((): SQL => sql`lower(sku)`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // SKU unique per tenant, case-insensitive, among live products (a trashed product's SKU stays taken: restoring must not collide).
    uniqueIndex("inventory_products_sku_idx").on(t.tenantId, t.skuKey),
    index("inventory_products_updated_idx").on(t.tenantId, t.updatedAt, t.id).where(LIVE),
    index("inventory_products_name_idx").on(t.tenantId, t.sortName, t.id).where(LIVE),
    index("inventory_products_sku_sort_idx").on(t.tenantId, t.skuKey, t.id).where(LIVE),
    index("inventory_products_barcode_idx").on(t.tenantId, t.barcode).where(sql`barcode is not null`),
    index("inventory_products_search_idx").using("gin", t.tenantId, t.search),
    index("inventory_products_trash_idx").on(t.tenantId, t.deletedAt, t.id).where(sql`deleted_at is not null`),
  ],
);

export const inventoryLots = pgTable(
  "inventory_lots",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    productId: uuid().notNull(),
    number: text().notNull(),
    /** A calendar day (YYYY-MM-DD); null: does not expire. */
    expiresOn: date({ mode: "string" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inventory_lots_number_idx").on(t.tenantId, t.productId, sql`lower(${t.number})`),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [inventoryProducts.tenantId, inventoryProducts.id] }).onDelete("cascade"),
  ],
);

/** Reorder point and quantity per product × warehouse. */
export const inventoryReorderRules = pgTable(
  "inventory_reorder_rules",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    reorderPoint: quantity().notNull(),
    reorderQuantity: quantity().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId, t.warehouseId] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [inventoryProducts.tenantId, inventoryProducts.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [inventoryWarehouses.tenantId, inventoryWarehouses.id] }).onDelete("cascade"),
    check("inventory_reorder_rules_positive", sql`reorder_point >= 0 and reorder_quantity >= 0`),
  ],
);

/**
 * On hand, reserved and value per product × warehouse: the row every movement of that
 * place locks first (FOR UPDATE), which serializes a hot product's writers and is what
 * makes "never oversell" hold under concurrency. Always equal to the ledger's sums.
 */
export const inventoryLevels = pgTable(
  "inventory_levels",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    onHand: quantity().notNull().default("0"),
    reserved: quantity().notNull().default("0"),
    /** Stock value (minor units) = the sum of the ledger's values for this place. */
    value: money().notNull().default("0"),
    /** The moving average unit cost after the latest movement (what the next shipment is costed at). */
    averageCost: money().notNull().default("0"),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId, t.warehouseId] }),
    index("inventory_levels_warehouse_idx").on(t.tenantId, t.warehouseId, t.productId),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [inventoryProducts.tenantId, inventoryProducts.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [inventoryWarehouses.tenantId, inventoryWarehouses.id] }).onDelete("cascade"),
    check("inventory_levels_reserved", sql`reserved >= 0`),
  ],
);

/** On hand per product × warehouse × lot (lot-tracked products only). */
export const inventoryLotLevels = pgTable(
  "inventory_lot_levels",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    lotId: uuid().notNull(),
    onHand: quantity().notNull().default("0"),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId, t.warehouseId, t.lotId] }),
    foreignKey({ columns: [t.tenantId, t.lotId], foreignColumns: [inventoryLots.tenantId, inventoryLots.id] }).onDelete("cascade"),
    check("inventory_lot_levels_not_negative", sql`on_hand >= 0`),
  ],
);

/**
 * Cost segments: the valuation's state per product × warehouse, one row per inflow (and
 * an opening row before the first). Under moving average cost the unit cost only changes
 * at an inflow, so every outflow between two inflows is costed at its segment's average.
 * A backdated movement changes the segment it falls in and replays only the later
 * segments (one row per later inflow, not per later movement), booking each segment's
 * change as one revaluation entry in the ledger (./valuation.ts).
 */
export const inventoryCostSegments = pgTable(
  "inventory_cost_segments",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    /** The opening inflow's position in the ledger's order (effective_at, seq); the opening segment starts at OPENING_SEGMENT_START, seq 0. */
    startsAt: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    startSeq: bigint({ mode: "bigint" }).notNull(),
    openingQuantity: quantity().notNull(),
    openingValue: money().notNull(),
    inQuantity: quantity().notNull(),
    inValue: money().notNull(),
    /** Shortfall corrections booked at this inflow (negative stock covered by it). */
    correctionValue: money().notNull(),
    averageCost: money().notNull(),
    /** Outflows in the segment: quantity (positive) and value as booked, revaluations included (negative). */
    outQuantity: quantity().notNull(),
    outValue: money().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("inventory_cost_segments_order_idx").on(t.tenantId, t.productId, t.warehouseId, t.startsAt, t.startSeq),
  ],
);

export const inventoryMovements = pgTable(
  "inventory_movements",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** Insertion order: breaks ties between movements with the same effective time. */
    seq: bigint({ mode: "bigint" }).generatedAlwaysAsIdentity(),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    lotId: uuid(),
    binId: uuid(),
    kind: movementKind().notNull(),
    reason: adjustmentReason(),
    /** Signed: positive in, negative out, zero for value-only entries. */
    quantity: quantity().notNull(),
    /** Unit cost (minor units) the movement was booked at; for value-only entries null. */
    unitCost: money(),
    /** Signed value (minor units) the movement added to or took from the stock value. */
    value: money().notNull(),
    /** When it happened (may be in the past); the ledger's order is (effective_at, seq). */
    effectiveAt: timestamp({ withTimezone: true, precision: 6 }).notNull(),
    /** The two legs of a transfer share it; a revaluation names the movement that caused it. */
    groupId: uuid(),
    /** For value-only entries: the cost segment they revalue. */
    segmentId: uuid(),
    referenceType: text(),
    referenceId: text(),
    note: text(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inventory_movements_place_idx").on(t.tenantId, t.productId, t.warehouseId, t.effectiveAt, t.seq),
    index("inventory_movements_product_idx").on(t.tenantId, t.productId, t.effectiveAt, t.seq),
    index("inventory_movements_reference_idx").on(t.tenantId, t.referenceType, t.referenceId).where(sql`reference_id is not null`),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [inventoryProducts.tenantId, inventoryProducts.id] }),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [inventoryWarehouses.tenantId, inventoryWarehouses.id] }),
    foreignKey({ columns: [t.tenantId, t.lotId], foreignColumns: [inventoryLots.tenantId, inventoryLots.id] }),
  ],
);

/** Quantities held for draft documents (an unposted invoice): available = on hand − reserved. */
export const inventoryReservations = pgTable(
  "inventory_reservations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    productId: uuid().notNull(),
    warehouseId: uuid().notNull(),
    quantity: quantity().notNull(),
    referenceType: text().notNull(),
    referenceId: text().notNull(),
    createdBy: createdByColumn(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("inventory_reservations_open_idx").on(t.tenantId, t.referenceType, t.referenceId).where(sql`released_at is null`),
    foreignKey({ columns: [t.tenantId, t.productId, t.warehouseId], foreignColumns: [inventoryLevels.tenantId, inventoryLevels.productId, inventoryLevels.warehouseId] }),
    check("inventory_reservations_positive", sql`quantity > 0`),
  ],
);

/* The records layer's tables for inventory (src/server/records/tables.ts): saved views of the product list, CSV imports of products, bulk actions on products. */

export const inventoryEntityType = pgEnum("inventory_entity_type", ["product"]);
export type InventoryEntityType = (typeof inventoryEntityType.enumValues)[number];

export const inventorySavedViews = savedViewsTable("inventory_saved_views", inventoryEntityType);

export const {
  status: inventoryImportStatus,
  imports: inventoryImports,
  files: inventoryImportFiles,
  errors: inventoryImportErrors,
} = importTables("inventory", inventoryEntityType);

export const { status: inventoryBulkStatus, jobs: inventoryBulkJobs } = bulkTables("inventory", inventoryEntityType);

/** A product's picture (optional): PNG, JPEG or WebP up to 512 KB, recognised by content. */
export const inventoryProductImages = pgTable(
  "inventory_product_images",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    productId: uuid().notNull(),
    contentType: text().notNull(),
    bytes: bytea().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [inventoryProducts.tenantId, inventoryProducts.id] }).onDelete("cascade"),
  ],
);
