import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { publishEvent } from "../../../jobs/publish";
import { NotFound } from "../../../platform/errors";
import { parseInput, plainText } from "../../../platform/validate";
import { organizationToday } from "../../accounting/entries";
import { recordAudit } from "../../audit/service";
import { ANOMALY_DETECTED } from "../events";
import { analyticsAnomalies } from "../schema";
import { addDays } from "../series/calendar";
import { dailyAccountSeries, dailyFinanceSeries, type DailySeries } from "../series/series";
import { DEFAULT_THRESHOLD, detectAnomalies, type AnomalyResult } from "./index";

/*
 * The anomaly scan over daily revenue, expenses (per currency) and each busy account's
 * activity (debits + credits), with the `anomalies` library. Flagged days are stored once per
 * series and day (a rescan that flags the same day again changes nothing), and each newly
 * stored day of the last ALERT_DAYS publishes ANOMALY_DETECTED once (the outbox key is the
 * series and day). Older days found on a first scan of a long history are stored, shown and
 * listed, but not announced: nobody needs a notification about last year.
 *
 * Days with no postings count as 0 (nothing was sold that day), so a silent weekday can be
 * flagged low. The library's limits apply (README.md beside it): one scale per series, so a
 * business that grew a lot is judged against its whole history's noise.
 */

export const ALERT_DAYS = 7;
/**
 * A series active (non-zero) on fewer than this share of its days is not scanned: with mostly
 * zeros the residuals' MAD is 0 and every ordinary active day would look large (the library's
 * README, "Sparse counts"). An invoice a week is such a series; daily sales are not.
 */
export const MIN_ACTIVE_SHARE = 0.5;

const activeEnough = (series: DailySeries) => series.values.filter((v) => v !== 0).length >= MIN_ACTIVE_SHARE * series.values.length;

/** Every series scanned (active on at least half its days), the money ones first. */
export async function scannedSeries(tx: TenantTx, options: { today?: string } = {}): Promise<DailySeries[]> {
  const today = options.today ?? (await organizationToday(tx));
  return [...(await dailyFinanceSeries(tx, { today })), ...(await dailyAccountSeries(tx, { today }))].filter(activeEnough);
}

const detect = (series: DailySeries): AnomalyResult => detectAnomalies({ dates: series.dates, values: series.values });

/** Scans every series, stores the flagged days not stored yet and announces the recent ones; answers what it found. */
export async function scanAnomalies(tx: TenantTx, options: { today?: string } = {}): Promise<{ series: number; flagged: number; stored: number; announced: number }> {
  const today = options.today ?? (await organizationToday(tx));
  const alertFrom = addDays(today, -ALERT_DAYS);
  const all = await scannedSeries(tx, { today });
  let flagged = 0;
  let stored = 0;
  let announced = 0;
  for (const series of all) {
    const { points } = detect(series);
    flagged += points.length;
    if (!points.length) continue;
    const rows = await tx
      .insert(analyticsAnomalies)
      .values(
        points.map((p) => ({
          seriesKey: series.key,
          kind: series.kind,
          label: series.label,
          currency: series.currency,
          accountId: series.account?.id ?? null,
          day: p.date,
          actual: p.value,
          expected: p.expected,
          lower: p.lower,
          upper: p.upper,
          score: p.score,
          direction: p.direction,
        })),
      )
      .onConflictDoNothing({ target: [analyticsAnomalies.tenantId, analyticsAnomalies.seriesKey, analyticsAnomalies.day] })
      .returning();
    stored += rows.length;
    for (const row of rows) {
      if (row.day < alertFrom) continue;
      const { duplicate } = await publishEvent(tx, {
        event: ANOMALY_DETECTED,
        data: { anomalyId: row.id, seriesKey: row.seriesKey, label: row.label, kind: row.kind, currency: row.currency, accountId: row.accountId, day: row.day, actual: row.actual, expected: row.expected, lower: row.lower, upper: row.upper, score: row.score, direction: row.direction },
        idempotencyKey: `anomaly:${row.seriesKey}:${row.day}`,
      });
      if (!duplicate) announced++;
    }
  }
  return { series: all.length, flagged, stored, announced };
}

export const anomalyListInput = z.object({
  status: z.enum(["new", "seen"]).nullish(),
  seriesKey: plainText().max(200).nullish(),
  limit: z.number().int().min(1).max(500).default(100),
});

export type StoredAnomaly = Omit<typeof analyticsAnomalies.$inferSelect, "tenantId">;

/** Stored anomalies, latest day first. */
export async function listAnomalies(tx: TenantTx, rawInput: z.input<typeof anomalyListInput> = {}): Promise<StoredAnomaly[]> {
  const input = parseInput(anomalyListInput, rawInput);
  const conditions = [input.status ? eq(analyticsAnomalies.status, input.status) : undefined, input.seriesKey ? eq(analyticsAnomalies.seriesKey, input.seriesKey) : undefined].filter(Boolean);
  const rows = await tx
    .select()
    .from(analyticsAnomalies)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(analyticsAnomalies.day), analyticsAnomalies.label)
    .limit(input.limit);
  return rows.map(({ tenantId: _tenant, ...row }) => row);
}

export const anomalyIdInput = z.object({ id: z.uuid() });

/** Marks a flagged day as seen (the list shows new ones first); audited. */
export async function markAnomalySeen(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof anomalyIdInput>): Promise<{ id: string; status: "seen" }> {
  const input = parseInput(anomalyIdInput, rawInput);
  const [row] = await tx.update(analyticsAnomalies).set({ status: "seen" }).where(eq(analyticsAnomalies.id, input.id)).returning({ id: analyticsAnomalies.id, label: analyticsAnomalies.label, day: analyticsAnomalies.day });
  if (!row) throw new NotFound("This anomaly does not exist.");
  await recordAudit(tx, { action: "analytics.anomaly.seen", entityType: "analytics.anomaly", entityId: row.id, after: { label: row.label, day: row.day } });
  return { id: row.id, status: "seen" };
}

export const anomalySeriesInput = z.object({ seriesKey: plainText().max(200).default(""), days: z.number().int().min(14).max(730).default(180) });

/**
 * One series for the chart (the first when `seriesKey` is empty): the last `days` days with the expected value and band (computed
 * now, over the whole history, as the scan does) and which days are stored as flagged. Also the
 * list of series there are, to choose from.
 */
export async function anomalyChart(tx: TenantTx, rawInput: z.input<typeof anomalySeriesInput>, options: { today?: string } = {}) {
  const input = parseInput(anomalySeriesInput, rawInput);
  const all = await scannedSeries(tx, options);
  const choices = all.map((s) => ({ key: s.key, label: s.label, kind: s.kind }));
  // No key: the first series (revenue in the first currency).
  const series = input.seriesKey ? all.find((s) => s.key === input.seriesKey) : all[0];
  if (!series) return { choices, series: null };
  const result = detect(series);
  const from = series.dates.length ? addDays(series.dates.at(-1)!, -(input.days - 1)) : "";
  const flaggedDays = new Set(
    (await tx.select({ day: analyticsAnomalies.day }).from(analyticsAnomalies).where(and(eq(analyticsAnomalies.seriesKey, series.key), sql`${analyticsAnomalies.day} >= ${from}`))).map((r) => r.day),
  );
  for (const p of result.points) flaggedDays.add(p.date);
  const band = result.scale * DEFAULT_THRESHOLD;
  return {
    choices,
    series: {
      key: series.key,
      label: series.label,
      kind: series.kind,
      currency: series.currency,
      account: series.account,
      notes: result.notes,
      points: result.components
        .filter((c) => c.date >= from)
        .map((c) => ({ day: c.date, actual: c.value, expected: c.expected, lower: c.expected - band, upper: c.expected + band, flagged: flaggedDays.has(c.date) })),
    },
  };
}
