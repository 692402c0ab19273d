/**
 * bench:inventory (bench/inventory.ts): the closed-loop writers, the history builder and a
 * per-statement timer. Everything goes through the app's own `withTenant` (app role,
 * tenant RLS) and, except the raw baseline, through the inventory services.
 */
import { sql, StringChunk, type SQL } from "drizzle-orm";
import type { Actor, TenantTx } from "../../src/server/db/tenant";

type App = {
  withTenant: typeof import("../../src/server/db/tenant").withTenant;
  receiveStock: typeof import("../../src/server/modules/inventory/stock/stock").receiveStock;
  shipStock: typeof import("../../src/server/modules/inventory/stock/stock").shipStock;
  Conflict: typeof import("../../src/server/platform/errors").Conflict;
};

/** What one movement attempt came to. */
export type Outcome = "moved" | "refused";

export type PhaseResult = {
  moved: number;
  refused: number;
  wallSeconds: number;
  /** Per attempt, transaction included (BEGIN … COMMIT), in ms; refused attempts too. */
  latencies: number[];
};

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
export const median = (values: number[]) => percentile(values, 50);

/**
 * `writers` clients, each starting its next attempt as soon as its previous one finished,
 * until `seconds` have passed. Movements/s = moved ÷ the wall time from start to the last
 * attempt's end.
 */
export async function closedLoop(writers: number, seconds: number, attempt: (writer: number) => Promise<Outcome>): Promise<PhaseResult> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const result: PhaseResult = { moved: 0, refused: 0, wallSeconds: 0, latencies: [] };
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const outcome = await attempt(writer);
        result.latencies.push(performance.now() - t0);
        result[outcome]++;
      }
    }),
  );
  result.wallSeconds = (performance.now() - started) / 1000;
  return result;
}

/** A receipt (random cost 90–110) or a shipment of one unit, half and half, through the services in one tenant transaction; a refused shipment counts as refused. */
export function oneUnitMover(app: App, tenantId: string, actor: Actor, warehouseId: string, productOf: (writer: number) => string, timer?: StatementTimer) {
  const scope = { tenantId, userId: actor.userId, role: actor.role };
  const timed = <T,>(tx: TenantTx, fn: () => Promise<T>) => (timer ? timer.time(tx, fn) : fn());
  return async (writer: number): Promise<Outcome> => {
    const productId = productOf(writer);
    try {
      if (Math.random() < 0.5) {
        const unitCost = String(90 + Math.floor(Math.random() * 21));
        await app.withTenant(scope, (tx) => timed(tx, () => app.receiveStock(tx, actor, { productId, warehouseId, quantity: "1", unitCost })));
      } else {
        await app.withTenant(scope, (tx) => timed(tx, () => app.shipStock(tx, actor, { productId, warehouseId, quantity: "1" })));
      }
      return "moved";
    } catch (error) {
      if (error instanceof app.Conflict) return "refused";
      throw error;
    }
  };
}

/** The baseline: one plain INSERT of a one-unit receipt row per tenant transaction (no lock, no levels, no segments, no audit). */
export function rawInserter(app: App, tenantId: string, actor: Actor, warehouseId: string, productOf: (writer: number) => string) {
  const scope = { tenantId, userId: actor.userId, role: actor.role };
  return async (writer: number): Promise<Outcome> => {
    const productId = productOf(writer);
    await app.withTenant(scope, (tx) =>
      tx.execute(sql`
        insert into inventory_movements (product_id, warehouse_id, kind, quantity, unit_cost, value, effective_at, actor_id)
        values (${productId}, ${warehouseId}, 'receipt', 1, 100, 100, now(), ${actor.userId})`),
    );
    return "moved";
  };
}

export type HistorySpec = {
  /** Movements after the opening receipt. */
  later: number;
  /** Shipments of one unit between two receipts. */
  shipmentsPerReceipt: number;
  /** Movements per transaction while building. */
  batch: number;
  /** The opening receipt's time; each later movement one minute after the previous. */
  start: Date;
};

export const MINUTE = 60_000;

/**
 * A product's history through the real services: an opening receipt of
 * shipmentsPerReceipt + 25 units at `start`, then cycles of `shipmentsPerReceipt`
 * shipments of one unit followed by a receipt of `shipmentsPerReceipt` units (at a cost
 * that varies from cycle to cycle), one minute apart: stock stays between 25 and
 * shipmentsPerReceipt + 25, so nothing is ever refused. `batch` movements per tenant
 * transaction (the same rows as one per transaction; only the commits are fewer).
 */
export async function buildHistory(app: App, tenantId: string, actor: Actor, warehouseId: string, productId: string, spec: HistorySpec, progress: (done: number) => void) {
  const scope = { tenantId, userId: actor.userId, role: actor.role };
  const at = (i: number) => new Date(spec.start.getTime() + i * MINUTE);
  let receipts = 1;
  await app.withTenant(scope, (tx) => app.receiveStock(tx, actor, { productId, warehouseId, quantity: String(spec.shipmentsPerReceipt + 25), unitCost: "100", effectiveAt: at(0) }));
  for (let from = 1; from <= spec.later; from += spec.batch) {
    const to = Math.min(spec.later, from + spec.batch - 1);
    receipts += await app.withTenant(scope, async (tx) => {
      let made = 0;
      for (let i = from; i <= to; i++) {
        const cycle = Math.floor((i - 1) / (spec.shipmentsPerReceipt + 1));
        const isReceipt = i % (spec.shipmentsPerReceipt + 1) === 0;
        if (isReceipt) {
          await app.receiveStock(tx, actor, { productId, warehouseId, quantity: String(spec.shipmentsPerReceipt), unitCost: String(95 + (cycle % 11) * 2), effectiveAt: at(i) });
          made++;
        } else {
          await app.shipStock(tx, actor, { productId, warehouseId, quantity: "1", effectiveAt: at(i) });
        }
      }
      return made;
    });
    progress(to);
  }
  return { receipts };
}

/** Thrown to roll a measured transaction back. */
export class RollBack extends Error {
  constructor(readonly value: unknown) {
    super("rolled back on purpose");
  }
}

/** Runs `fn` in a tenant transaction that is rolled back; answers what it returned. */
export async function rolledBack<T>(app: App, scope: Parameters<App["withTenant"]>[0], fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  try {
    await app.withTenant(scope, async (tx) => {
      throw new RollBack(await fn(tx));
    });
  } catch (error) {
    if (error instanceof RollBack) return error.value as T;
    throw error;
  }
  throw new Error("unreachable");
}

export type StatementTiming = { statement: string; count: number; ms: number };

/** The SQL text of a drizzle `sql` template, parameters as `$`, whitespace collapsed. */
function textOf(query: SQL): string {
  return query.queryChunks
    .map((chunk) => (chunk instanceof StringChunk ? chunk.value.join("") : typeof chunk === "object" && chunk && "queryChunks" in chunk ? textOf(chunk as SQL) : "$"))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Times every `tx.execute` of the functions it wraps (the ledger's statements all go
 * through it), summed by statement text over all of them; the rest of a wrapped call (the
 * audit insert through the query builder, JavaScript) is its time minus its statements'.
 */
export class StatementTimer {
  private byText = new Map<string, StatementTiming>();
  calls = 0;
  totalMs = 0;

  async time<T>(tx: TenantTx, fn: () => Promise<T>): Promise<T> {
    const original = tx.execute.bind(tx);
    const timed = async (query: SQL) => {
      const t0 = performance.now();
      try {
        return await original(query);
      } finally {
        const statement = textOf(query).slice(0, 110);
        const entry = this.byText.get(statement) ?? { statement, count: 0, ms: 0 };
        entry.count++;
        entry.ms += performance.now() - t0;
        this.byText.set(statement, entry);
      }
    };
    Object.assign(tx, { execute: timed });
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.calls++;
      this.totalMs += performance.now() - t0;
      Object.assign(tx, { execute: original });
    }
  }

  /** Slowest first. */
  statements(): StatementTiming[] {
    return [...this.byText.values()].sort((a, b) => b.ms - a.ms);
  }
}
