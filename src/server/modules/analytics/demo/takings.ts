import type { Actor, TenantTx } from "../../../db/tenant";
import { recordAudit } from "../../audit/service";
import { postEntries } from "../../accounting/entries";
import { normalSampler, seededRandom } from "../forecast/random";
import { addDays, isWeekend, weekday } from "./calendar";

/*
 * The showroom's daily card and counter takings (issue 16, item 6): one entry per business day,
 * Dr Bank / Cr Sales, as a point-of-sale system's daily settlement feed would book them. They
 * give the demo dense daily revenue (the invoices alone are a few a month, too sparse for the
 * anomaly scan), with the invoices' trend and season, a weekday pattern and the noise of
 * real tills: the day's takings are a sum of customer tickets, their number Poisson around the
 * day's level and each ticket's amount log-normal. So the noise grows like the square root of
 * the level, not with it (the anomaly detector uses one scale per series). The demo's revenue
 * spikes are days with three times the usual customers (a clearance sale).
 */

/** Month-of-year factors, January first, as the invoices' (a summer dip, a fourth-quarter peak); read at mid-month and interpolated by day. */
export const TAKINGS_SEASON = [0.85, 0.85, 0.95, 1.0, 1.0, 0.9, 0.75, 0.7, 1.0, 1.15, 1.35, 1.5];
/** Sunday … Saturday: open every day, Sunday afternoons only, a busy Friday and Saturday. */
const WEEKDAY = [0.7, 0.9, 0.95, 1.0, 1.0, 1.15, 1.1];
/** Customers on an ordinary day at the start (level 1, a Wednesday). */
const TICKETS_PER_DAY = 55;
/** A ticket's median amount in minor units, and its log-normal spread. */
const TICKET_MEDIAN_MINOR = 9_000;
const TICKET_SIGMA = 0.75;
/** The trend over the whole period (+45 %, the invoices' own). */
const GROWTH = 0.45;
/** How many times the usual customers on a spike day. */
export const SPIKE_FACTOR = 3;

/** The income account the takings are credited to, made by the demo beside 4000 Sales (which the invoices use). */
export const SHOWROOM_ACCOUNT = { code: "4100", name: "Showroom sales" } as const;

export type DayTakings = { day: string; amountMinor: bigint; spike: boolean };

/** The season on a day: month factors placed on the 15th, straight lines between them (no step at a month's turn). */
export function seasonOn(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  const date = Number(day.slice(8, 10));
  const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  // The mid-month point before the day and the next one, with the day's share of the way between them.
  const [from, to, share] =
    date >= 15 ? [month, (month + 1) % 12, (date - 15) / daysIn(year, month)] : [(month + 11) % 12, month, (date + daysIn(year, (month + 11) % 12) - 15) / daysIn(year, (month + 11) % 12)];
  return TAKINGS_SEASON[from]! + (TAKINGS_SEASON[to]! - TAKINGS_SEASON[from]!) * share;
}

/**
 * The takings of every business day from `first` up to the day before `today` (today's till is not closed),
 * deterministic for a seed. `spikeDays` (business days) get SPIKE_FACTOR times the usual customers.
 */
export function planTakings(options: { first: string; today: string; seed: number; spikeDays?: readonly string[] }): DayTakings[] {
  const { first, today, seed } = options;
  const spikes = new Set(options.spikeDays ?? []);
  for (const day of spikes) if (isWeekend(day) || day < first || day >= today) throw new Error(`planTakings: spike day ${day} is not a business day from ${first} to before ${today}`);
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const span = Math.max(1, (Date.parse(today) - Date.parse(first)) / 86_400_000);
  const poisson = (mean: number) => {
    // Knuth's method: fine for the means here (under ~700, where e^-mean still is a double).
    const limit = Math.exp(-mean);
    let count = 0;
    for (let p = random(); p > limit; p *= random()) count++;
    return count;
  };
  const plan: DayTakings[] = [];
  for (let day = first; day < today; day = addDays(day, 1)) {
    const elapsed = (Date.parse(day) - Date.parse(first)) / 86_400_000;
    const level = (1 + (GROWTH * elapsed) / span) * seasonOn(day) * WEEKDAY[weekday(day)]!;
    const spike = spikes.has(day);
    const tickets = poisson(TICKETS_PER_DAY * level * (spike ? SPIKE_FACTOR : 1));
    let amount = 0;
    for (let i = 0; i < tickets; i++) amount += Math.round(TICKET_MEDIAN_MINOR * Math.exp(TICKET_SIGMA * normal()));
    if (amount > 0) plan.push({ day, amountMinor: BigInt(amount), spike });
  }
  return plan;
}

/**
 * Books the takings, one posted entry a day (Dr `bankAccountId`, Cr `salesAccountId`), through the
 * ledger's batch posting (accounting's postEntries: the database numbers, chains and checks each entry).
 * Source "import": they come from the till's feed, not from a person, so they are not manual
 * journal entries for the fraud scorer; `sourceId` is `pos:<day>`. One audit record for the batch.
 */
export async function bookTakings(tx: TenantTx, actor: Actor, plan: readonly DayTakings[], accounts: { bankAccountId: string; salesAccountId: string }): Promise<number> {
  await postEntries(
    tx,
    actor,
    plan.map(({ day, amountMinor }) => ({
      date: day,
      memo: `Card and counter takings ${day}`,
      source: "import" as const,
      sourceId: `pos:${day}`,
      lines: [
        { accountId: accounts.bankAccountId, debit: amountMinor.toString(), description: "Card terminal and cash settlement" },
        { accountId: accounts.salesAccountId, credit: amountMinor.toString(), description: "Showroom sales" },
      ],
    })),
  );
  const total = plan.reduce((sum, t) => sum + t.amountMinor, 0n);
  await recordAudit(tx, {
    action: "accounting.journal.imported",
    entityType: "accounting.journal",
    entityId: null,
    after: { entries: plan.length, imported: plan.length, skipped: 0, accountsCreated: 0, residuals: 0, source: "point of sale", from: plan[0]?.day ?? null, to: plan.at(-1)?.day ?? null, totalMinor: total.toString() },
  });
  return plan.length;
}
