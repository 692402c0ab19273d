import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant, type Actor, type TenantTx } from "../../../db/tenant";
import { createTenant, pgFailure } from "../../../../test/fixtures";
import { createProduct } from "../catalog/products";
import { createWarehouse, defaultWarehouseId, updateWarehouse } from "../catalog/warehouses";
import { checkLedger } from "./check";
import { stockHistory, stockValuation } from "./reads";
import { adjustStock, receiveStock, reserveStock, shipStock, transferStock } from "./stock";

const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));

async function setup(options: { lotTracked?: boolean } = {}) {
  const { org, owner } = await createTenant();
  const actor: Actor = { userId: owner.id, role: "owner" };
  const ids = await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    const product = await createProduct(tx, actor, { sku: `W-${crypto.randomUUID().slice(0, 8)}`, name: "Widget", lotTracked: options.lotTracked ?? false });
    return { productId: product.id, warehouseId: await defaultWarehouseId(tx) };
  });
  const run = <T,>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId: org.id, userId: owner.id, role: "owner" }, fn);
  return { tenantId: org.id, actor, ...ids, run };
}

async function level(run: (fn: (tx: TenantTx) => Promise<unknown>) => Promise<unknown>, productId: string, warehouseId: string) {
  return (await run((tx) =>
    tx.execute<{ on_hand: string; value: string; average_cost: string }>(sql`
      select on_hand::text, value::text, average_cost::text from inventory_levels where product_id = ${productId} and warehouse_id = ${warehouseId}`),
  )) as { on_hand: string; value: string; average_cost: string }[];
}

describe("moving average cost", () => {
  it("averages receipts at different costs and costs a shipment at the average", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "100", effectiveAt: day(1) }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "200", effectiveAt: day(2) }));
    const shipped = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "3", effectiveAt: day(3) }));
    expect(shipped.movements[0]!.unitCost).toBe(150_000_000n);
    expect(shipped.movements[0]!.value).toBe(-450_000_000n);
    expect(shipped.onHand).toBe("17");
    expect(shipped.value).toBe("2550");
    const [row] = await level(run, productId, warehouseId);
    expect(row).toMatchObject({ on_hand: "17.000000", value: "2550.000000", average_cost: "150.000000" });
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });

  it("revalues exactly the later shipments a backdated receipt affects (hand-computed costs)", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "100", effectiveAt: day(1) }));
    const first = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "5", effectiveAt: day(3) }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "5", unitCost: "160", effectiveAt: day(5) }));
    const second = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "4", effectiveAt: day(6) }));
    expect(first.movements[0]!.value).toBe(-500_000_000n); // 5 × 100
    expect(second.movements[0]!.value).toBe(-520_000_000n); // avg (500 + 800) / 10 = 130; 4 × 130

    // A receipt of 10 at 130 on day 2, entered late.
    const late = await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "130", effectiveAt: day(2) }));
    // Day 3's shipment now follows it: avg (1000 + 1300) / 20 = 115 → 5 × 115 = 575, was 500: −75.
    // Day 5: (15 × 115 = 1725 + 800) / 20 = 126.25 → day 6's 4 units cost 505, were 520: +15.
    expect(late.movements[0]!.adjustments.map((a) => [a.kind, a.value])).toEqual([
      ["revaluation", -75_000_000n],
      ["revaluation", 15_000_000n],
    ]);
    const [row] = await level(run, productId, warehouseId);
    expect(row).toMatchObject({ on_hand: "16.000000", value: "2020.000000", average_cost: "126.250000" });
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);

    // The recorded shipments are never rewritten: the corrections are their own entries.
    const history = await run((tx) => stockHistory(tx, { productId }));
    expect(history.items.filter((m) => m.kind === "shipment").map((m) => m.value)).toEqual(["-520", "-500"]);
    expect(history.items.filter((m) => m.kind === "revaluation").map((m) => m.value).sort()).toEqual(["-75", "15"]);
    expect(history.items[0]!.runningQuantity).toBe("16");

    // Valuation as of day 4 reads the corrected average: 15 units × 115.
    const asOf = await run((tx) => stockValuation(tx, { asOf: "2026-01-04" }));
    expect(asOf.total).toEqual([{ currency: "USD", quantity: "15", value: "1725" }]);
  });

  it("a backdated shipment moves the later averages too", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "100", effectiveAt: day(1) }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "200", effectiveAt: day(5) }));
    // Day 3: ship 6 at 100. Day 5's average becomes (400 + 2000) / 14, was 150.
    const late = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "6", effectiveAt: day(3) }));
    expect(late.movements[0]!.value).toBe(-600_000_000n);
    const [row] = await level(run, productId, warehouseId);
    expect(row!.on_hand).toBe("14.000000");
    expect(row!.value).toBe("2400.000000");
    expect(row!.average_cost).toBe("171.428571");
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });
});

describe("never oversell", () => {
  it("refuses a shipment beyond on hand, naming product, warehouse, on hand and requested, and changes nothing", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "2", unitCost: "100" }));
    await expect(run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "3" }))).rejects.toThrow(
      /Not enough stock of Widget \(W-[0-9a-f]+\) in Main warehouse: 2 pcs on hand, 3 pcs requested\./,
    );
    const [row] = await level(run, productId, warehouseId);
    expect(row!.on_hand).toBe("2.000000");
  });

  it("refuses a backdated shipment that would have taken stock below zero at a later point", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "5", unitCost: "100", effectiveAt: day(1) }));
    await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "5", effectiveAt: day(3) }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "100", effectiveAt: day(5) }));
    await expect(run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "1", effectiveAt: day(2) }))).rejects.toThrow(/on 2026-01-02 or later: at most 0 pcs could leave/);
    await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "1", effectiveAt: day(6) }));
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });

  it.runIf(process.env.TEST_DATABASE_MODE === "postgres")("50 concurrent shipments of 1 against 20 on hand: exactly 20 succeed", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "20", unitCost: "100" }));
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "1" }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refusals).toHaveLength(30);
    for (const refusal of refusals) expect(String(refusal.reason)).toMatch(/Not enough stock/);
    const [row] = await level(run, productId, warehouseId);
    expect(row!.on_hand).toBe("0.000000");
    expect(row!.value).toBe("0.000000");
    const [ledger] = await run((tx) => tx.execute<{ sum: string }>(sql`select sum(quantity)::text as sum from inventory_movements where product_id = ${productId}`));
    expect(Number(ledger!.sum)).toBe(0);
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });
});

describe("negative stock allowed", () => {
  it("costs the shortfall at the last average and corrects it when the receipt arrives, as its own entry", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => updateWarehouse(tx, actor, { id: warehouseId, negativePolicy: "allow" }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "2", unitCost: "100", effectiveAt: day(1) }));
    const short = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "5", effectiveAt: day(2) }));
    expect(short.onHand).toBe("-3");
    expect(short.value).toBe("-300");
    const arrival = await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "10", unitCost: "120", effectiveAt: day(3) }));
    // The 3 missing units cost 120, not 100: a correction of −60; what is left (7) is at 120.
    expect(arrival.movements[0]!.adjustments).toEqual([expect.objectContaining({ kind: "shortfall_correction", value: -60_000_000n })]);
    expect(arrival.onHand).toBe("7");
    expect(arrival.value).toBe("840");
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });
});

describe("transfers", () => {
  it("moves stock at the source's average in two legs", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    const other = await run((tx) => createWarehouse(tx, actor, { code: "EAST", name: "East" }));
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "4", unitCost: "250" }));
    const moved = await run((tx) => transferStock(tx, actor, { productId, fromWarehouseId: warehouseId, toWarehouseId: other.id, quantity: "3" }));
    expect(moved.out.onHand).toBe("1");
    expect(moved.in.onHand).toBe("3");
    expect(moved.in.value).toBe("750");
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });
});

describe("lots", () => {
  it("ships first-expiring first, skips expired lots, and takes a chosen lot when named", async () => {
    const { actor, productId, warehouseId, run } = await setup({ lotTracked: true });
    await expect(run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "1", unitCost: "10" }))).rejects.toMatchObject({
      fields: { "lot.number": ["Widget is tracked by lot: name the lot."] },
    });
    const receive = (number: string, expiresOn: string | null, quantity: string) =>
      run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity, unitCost: "10", lot: { number, expiresOn } }));
    await receive("LATE", "2099-06-30", "5");
    await receive("SOON", "2099-01-31", "3");
    await receive("NEVER", null, "4");
    await receive("OLD", "2020-01-01", "6");
    const shipped = await run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "10" }));
    const lotNames = await run((tx) =>
      tx.execute<{ number: string; quantity: string }>(sql`
        select l.number, m.quantity::text from inventory_movements m join inventory_lots l on l.id = m.lot_id
         where m.id in ${sql.raw(`(${shipped.movements.map((m) => `'${m.id}'`).join(",")})`)} order by m.seq`),
    );
    expect(lotNames.map((l) => [l.number, l.quantity])).toEqual([
      ["SOON", "-3.000000"],
      ["LATE", "-5.000000"],
      ["NEVER", "-2.000000"],
    ]);
    // 2 left in NEVER, 6 in the expired OLD: asking for 3 names the expired stock.
    await expect(run((tx) => shipStock(tx, actor, { productId, warehouseId, quantity: "3" }))).rejects.toThrow(/2 pcs in lots that have not expired, 3 pcs requested \(6 pcs more in expired lots/);
    const [old] = await run((tx) => tx.execute<{ id: string }>(sql`select id from inventory_lots where product_id = ${productId} and number = 'OLD'`));
    await run((tx) => adjustStock(tx, actor, { productId, warehouseId, quantity: "-6", reason: "damage", lotId: old!.id }));
    expect(await run((tx) => checkLedger(tx, productId))).toEqual([]);
  });
});

describe("reservations and the ledger's protection", () => {
  it("reservations lower what is available and refuse beyond it", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "5", unitCost: "1" }));
    const held = await run((tx) => reserveStock(tx, actor, { productId, warehouseId, quantity: "4", referenceType: "invoice", referenceId: "INV-1" }));
    expect(held.available).toBe("1");
    await expect(run((tx) => reserveStock(tx, actor, { productId, warehouseId, quantity: "2", referenceType: "invoice", referenceId: "INV-2" }))).rejects.toThrow(/1 pcs available, 2 pcs requested/);
  });

  it("the app role can neither update nor delete a movement", async () => {
    const { actor, productId, warehouseId, run } = await setup();
    await run((tx) => receiveStock(tx, actor, { productId, warehouseId, quantity: "5", unitCost: "1" }));
    const update = await pgFailure(run((tx) => tx.execute(sql`update inventory_movements set quantity = 50 where product_id = ${productId}`)));
    expect(update.code).toMatch(/42501|23001/);
    const remove = await pgFailure(run((tx) => tx.execute(sql`delete from inventory_movements where product_id = ${productId}`)));
    expect(remove.code).toMatch(/42501|23001/);
  });
});
