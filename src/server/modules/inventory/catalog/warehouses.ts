import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, pgErrorCode } from "../../../platform/errors";
import { optionalText, parseInput, patchText, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { inventoryBins, inventoryWarehouses, negativeStockPolicy } from "../schema";

/* Warehouses (one is the default, created with the organization) and their optional bins. */

const MISSING = "This warehouse does not exist.";

const code = plainText()
  .trim()
  .min(1, "Enter a short code, like MAIN.")
  .max(20, "A code can be at most 20 characters.")
  .regex(/^[A-Za-z0-9_-]+$/, "A code holds letters, digits, - and _ only.");

export const createWarehouseInput = z.object({
  code,
  name: plainText().trim().min(1, "Enter the warehouse's name.").max(100, "A name can be at most 100 characters."),
  address: optionalText(300, "An address", { multiline: true }),
  negativePolicy: z.enum(negativeStockPolicy.enumValues).default("refuse"),
});

export const updateWarehouseInput = z.object({
  id: z.uuid(),
  code: code.optional(),
  name: createWarehouseInput.shape.name.optional(),
  address: patchText(300, "An address", { multiline: true }),
  negativePolicy: z.enum(negativeStockPolicy.enumValues).optional(),
  /** Archiving hides it from movement forms; only an empty warehouse can be archived. */
  archived: z.boolean().optional(),
  isDefault: z.literal(true).optional(),
});

export type Warehouse = typeof inventoryWarehouses.$inferSelect;

function snapshot(warehouse: Warehouse) {
  const { tenantId: _t, createdAt: _c, updatedAt: _u, ...rest } = warehouse;
  return rest;
}

async function codeRace<T>(value: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new Conflict(`The code ${value} is already used by another warehouse.`);
    throw error;
  }
}

/** Every organization starts with one (its lifecycle hook and migration 0024). */
export async function createDefaultWarehouse(tx: TenantTx): Promise<void> {
  await tx.insert(inventoryWarehouses).values({ code: "MAIN", name: "Main warehouse", isDefault: true }).onConflictDoNothing();
}

export async function listWarehouses(tx: TenantTx, options: { includeArchived?: boolean } = {}) {
  const rows = await tx
    .select()
    .from(inventoryWarehouses)
    .where(options.includeArchived ? undefined : sql`archived_at is null`)
    .orderBy(desc(inventoryWarehouses.isDefault), asc(inventoryWarehouses.name));
  return rows.map(({ tenantId: _t, ...w }) => w);
}

export async function createWarehouse(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof createWarehouseInput>): Promise<Warehouse> {
  const input = parseInput(createWarehouseInput, rawInput);
  const [warehouse] = await codeRace(input.code, () => tx.insert(inventoryWarehouses).values(input).returning());
  await recordAudit(tx, { action: "inventory.warehouse.created", entityType: "inventory.warehouse", entityId: warehouse!.id, after: snapshot(warehouse!) });
  return warehouse!;
}

export async function updateWarehouse(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof updateWarehouseInput>): Promise<Warehouse> {
  const input = parseInput(updateWarehouseInput, rawInput);
  const [before] = await tx.select().from(inventoryWarehouses).where(eq(inventoryWarehouses.id, input.id)).for("update");
  if (!before) throw new NotFound(MISSING);
  const changes: Partial<typeof inventoryWarehouses.$inferInsert> = {};
  if (input.code !== undefined) changes.code = input.code;
  if (input.name !== undefined) changes.name = input.name;
  if (input.address !== undefined) changes.address = input.address;
  if (input.negativePolicy !== undefined) changes.negativePolicy = input.negativePolicy;
  if (input.archived === true && !before.archivedAt) {
    if (before.isDefault) throw new Conflict("The default warehouse cannot be archived: make another one the default first.");
    const [stocked] = await tx.execute(sql`select 1 from inventory_levels where warehouse_id = ${input.id} and (on_hand <> 0 or reserved <> 0) limit 1`);
    if (stocked) throw new Conflict(`${before.name} still holds stock: transfer or adjust it out before archiving.`);
    changes.archivedAt = new Date();
  }
  if (input.archived === false) changes.archivedAt = null;
  if (input.isDefault && !before.isDefault) {
    if (before.archivedAt && input.archived !== false) throw new Conflict("An archived warehouse cannot be the default.");
    await tx.update(inventoryWarehouses).set({ isDefault: false }).where(eq(inventoryWarehouses.isDefault, true));
    changes.isDefault = true;
  }
  const [after] = await codeRace(input.code ?? before.code, () =>
    tx
      .update(inventoryWarehouses)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(inventoryWarehouses.id, input.id))
      .returning(),
  );
  await recordAudit(tx, { action: "inventory.warehouse.updated", entityType: "inventory.warehouse", entityId: input.id, before: snapshot(before), after: snapshot(after!) });
  return after!;
}

export async function defaultWarehouseId(tx: TenantTx): Promise<string> {
  const [row] = await tx.select({ id: inventoryWarehouses.id }).from(inventoryWarehouses).where(eq(inventoryWarehouses.isDefault, true));
  if (!row) throw new NotFound("This organization has no default warehouse: choose one in Settings → Inventory.");
  return row.id;
}

export const binInput = z.object({ warehouseId: z.uuid(), code: code });

export async function listBins(tx: TenantTx, warehouseId: string) {
  return tx.select({ id: inventoryBins.id, code: inventoryBins.code }).from(inventoryBins).where(eq(inventoryBins.warehouseId, warehouseId)).orderBy(asc(inventoryBins.code));
}

export async function createBin(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof binInput>) {
  const input = parseInput(binInput, rawInput);
  const [warehouse] = await tx.select({ id: inventoryWarehouses.id }).from(inventoryWarehouses).where(eq(inventoryWarehouses.id, input.warehouseId));
  if (!warehouse) throw new NotFound(MISSING);
  const [bin] = await codeRace(input.code, () => tx.insert(inventoryBins).values(input).returning({ id: inventoryBins.id, code: inventoryBins.code }));
  await recordAudit(tx, { action: "inventory.bin.created", entityType: "inventory.warehouse", entityId: input.warehouseId, after: { binId: bin!.id, code: bin!.code } });
  return bin!;
}
