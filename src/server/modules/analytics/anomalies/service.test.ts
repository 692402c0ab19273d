import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cashBooks } from "../../../../test/accounting/books";
import type { TenantTx } from "../../../db/tenant";
import { addDays, daysBetween } from "../series/calendar";
import { anomalyChart, listAnomalies, markAnomalySeen, scanAnomalies } from "./service";

/* The anomaly scan on a tenant's books: a spike is stored and announced once; clean books give nothing. */

const TODAY = "2026-06-30";

/** 120 days of daily cash sales (weekends lower, a small uniform wobble); `spikes` days sell `spike` more. */
async function dailyBooks(spikes: Record<string, number> = {}) {
  const { org, actor, run, id, sales } = await cashBooks();
  let seed = 7;
  const wobble = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 60;
  const days = daysBetween(addDays(TODAY, -120), addDays(TODAY, -1));
  await sales(
    days.map((day) => {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return { date: day, minor: String(Math.round(1000 - (weekday === 0 || weekday === 6 ? 300 : 0) + wobble() + (spikes[day] ?? 0))) };
    }),
  );
  return { org, actor, run, id };
}

const announced = (run: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>) =>
  run((tx) => tx.execute<{ payload: { seriesKey: string; day: string } }>(sql`select payload from outbox_events where name = 'analytics/anomaly.detected' order by created_at`));

describe("anomaly scan", () => {
  it("flags nothing on clean seasonal books", async () => {
    const { run } = await dailyBooks();
    const result = await run((tx) => scanAnomalies(tx, { today: TODAY }));
    expect(result.series).toBe(3); // revenue:USD, and the cash and sales accounts' activity
    expect(result).toMatchObject({ flagged: 0, stored: 0, announced: 0 });
    expect(await announced(run)).toHaveLength(0);
  });

  it("stores a seeded spike with its expected value and band, announces it once, and a rescan adds nothing", async () => {
    const spikeDay = addDays(TODAY, -2);
    const oldSpike = addDays(TODAY, -60);
    const { run, id, actor } = await dailyBooks({ [spikeDay]: 4000, [oldSpike]: 4000 });
    const first = await run((tx) => scanAnomalies(tx, { today: TODAY }));

    const stored = await run((tx) => listAnomalies(tx, {}));
    const revenue = stored.filter((a) => a.seriesKey === "revenue:USD");
    expect(revenue.map((a) => a.day)).toEqual([spikeDay, oldSpike]);
    const spike = revenue[0]!;
    expect(spike).toMatchObject({ direction: "high", status: "new", currency: "USD", accountId: null });
    expect(spike.actual).toBeGreaterThan(4500);
    // What that weekday usually sells (a Sunday: 700), give or take the wobble.
    const weekday = new Date(`${spikeDay}T00:00:00Z`).getUTCDay();
    expect(Math.abs(spike.expected - (weekday === 0 || weekday === 6 ? 700 : 1000))).toBeLessThan(60);
    expect(spike.upper).toBeLessThan(spike.actual);
    expect(spike.score).toBeGreaterThan(3.5);
    // The same days on the cash and sales accounts' activity, each linked to its account.
    expect(stored.filter((a) => a.kind === "account").map((a) => a.accountId).sort()).toEqual([id("cash"), id("cash"), id("sales"), id("sales")].sort());
    expect(first).toMatchObject({ stored: 6, announced: 3 });

    // One event per new recent anomaly (the day 60 days back is stored, not announced).
    const events = await announced(run);
    expect(events.map((e) => `${e.payload.seriesKey} ${e.payload.day}`).sort()).toEqual(
      [`revenue:USD ${spikeDay}`, `account:${id("cash")}:USD ${spikeDay}`, `account:${id("sales")}:USD ${spikeDay}`].sort(),
    );

    const again = await run((tx) => scanAnomalies(tx, { today: TODAY }));
    expect(again).toMatchObject({ stored: 0, announced: 0 });
    expect(await announced(run)).toHaveLength(3);

    await run((tx) => markAnomalySeen(tx, actor, { id: spike.id }));
    expect((await run((tx) => listAnomalies(tx, { status: "new" }))).map((a) => a.id)).not.toContain(spike.id);
    await expect(run((tx) => markAnomalySeen(tx, actor, { id: crypto.randomUUID() }))).rejects.toThrow(/does not exist/);
  });

  it("draws a series with its band and the flagged day marked", async () => {
    const spikeDay = addDays(TODAY, -10);
    const { run } = await dailyBooks({ [spikeDay]: 4000 });
    await run((tx) => scanAnomalies(tx, { today: TODAY }));
    const chart = await run((tx) => anomalyChart(tx, { seriesKey: "revenue:USD", days: 30 }, { today: TODAY }));
    expect(chart.choices.map((c) => c.key)).toContain("revenue:USD");
    const points = chart.series!.points;
    const flagged = points.filter((p) => p.flagged).map((p) => p.day);
    expect(flagged).toContain(spikeDay);
    for (const p of points) expect(p.lower).toBeLessThan(p.upper);
    expect((await run((tx) => anomalyChart(tx, { seriesKey: "revenue:XXX" }, { today: TODAY }))).series).toBeNull();
  });
});
