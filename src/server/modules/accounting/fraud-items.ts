import { sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import { minorDigits } from "../../../lib/money";
import { currentOrganization } from "../orgs/settings";
import type { FraudItemKind } from "./events";

/*
 * What analytics' fraud scores read from accounting (read-only; accounting's tables stay private):
 * the scored items — posted supplier bills, payments received and made, posted manual journal
 * entries — and per item the statistics of the items before it (analytics/fraud/README.md).
 *
 * Who: a bill is created by whoever drafted it and approved by whoever posted it (its entry's
 * posted_by); a manual entry likewise (created_by / posted_by). A payment is recorded and posted
 * in one step, so it has no separate approver (null: the signal stays silent, never "same person").
 *
 * When: the posting time when it falls on the item's accounting date (in the organization's zone),
 * otherwise — a backdated or imported item — noon of its accounting date, so history is ordered by
 * the books' dates and a backdated item is not judged by the hour it was typed in. Items are ordered
 * by (that time, id); an item's history is every item strictly before it.
 */

export type FraudItemRow = {
  kind: FraudItemKind;
  id: string;
  reference: string | null;
  counterpartyId: string | null;
  counterpartyName: string | null;
  /** Exact minor units, positive. */
  amountMinor: bigint;
  currency: string;
  /** The accounting date (YYYY-MM-DD). */
  day: string;
  postedAt: Date;
  createdBy: string | null;
  approvedBy: string | null;
};

/** SQL statistics of the items before one item (what analytics' History needs for it). */
export type FraudItemHistory = {
  /** ln(amount in minor units) of the same counterparty in the same currency: count, median, MAD. */
  counterparty: { count: number; medianLog: number; madLog: number } | null;
  /** The counterparty's first item (any currency), or null if none before. */
  firstSeen: Date | null;
  /** Earlier items of the same kind, counterparty, currency and amount within the window. */
  sameAmountRecent: FraudItemRow[];
  /** Counts of first digits 1..9 over every earlier amount. */
  leadingDigits: number[];
  /** Earlier amounts in the item's currency and their nearest-rank quantile (null when none). */
  currencyCount: number;
  currencyQuantileMinor: bigint | null;
};

// Currencies whose minor unit is not 1/100: journal lines keep major units, the scores use minor ones.
const NON_CENTS: [string, number][] = Intl.supportedValuesOf("currency")
  .map((code) => [code, minorDigits(code)] as [string, number])
  .filter(([, digits]) => digits !== 2);
const LINE_SCALE = sql.raw(`case l.currency ${NON_CENTS.map(([code, digits]) => `when '${code}' then ${digits}`).join(" ")} else 2 end`);

/** Every scored item with its effective time (`at`), as a CTE named `fraud_items`. */
function itemsCte(timeZone: string): SQL {
  const at = (day: SQL, stamp: SQL) =>
    sql`case when (${stamp} at time zone ${timeZone})::date = ${day} then ${stamp} else (${day}::timestamp + interval '12 hours') at time zone ${timeZone} end`;
  return sql`fraud_items as (
    select 'supplier_bill'::text as kind, d.id, d.number as reference, coalesce(d.company_id, d.contact_id) as counterparty_id, d.party_name as counterparty_name,
           d.total::numeric as amount_minor, d.currency, d.issue_date as day, ${at(sql`d.issue_date`, sql`d.posted_at`)} as at, d.created_by, e.posted_by as approved_by
      from accounting_documents d join accounting_entries e on e.id = d.entry_id
     where d.kind = 'bill' and d.status <> 'draft' and d.total > 0
    union all
    select case p.direction when 'received' then 'customer_payment' else 'supplier_payment' end, p.id, p.reference, coalesce(p.company_id, p.contact_id), p.party_name,
           p.amount::numeric, p.currency, p.date, ${at(sql`p.date`, sql`p.created_at`)}, p.created_by, null::uuid
      from accounting_payments p
    union all
    select 'journal_entry', e.id, 'JE-' || e.number, null::uuid, null::text, t.amount_minor, t.currency, e.date, ${at(sql`e.date`, sql`e.posted_at`)}, e.created_by, e.posted_by
      from accounting_entries e
      cross join lateral (
        select l.currency, round(sum(l.debit) * power(10, ${LINE_SCALE})) as amount_minor
          from accounting_lines l where l.entry_id = e.id group by l.currency order by 2 desc, 1 limit 1) t
     where e.source = 'manual' and e.status = 'posted' and t.amount_minor > 0
  )`;
}

type RawItem = {
  kind: FraudItemKind;
  id: string;
  reference: string | null;
  counterparty_id: string | null;
  counterparty_name: string | null;
  amount_minor: string;
  currency: string;
  day: string;
  at_ms: number;
  created_by: string | null;
  approved_by: string | null;
};

const ITEM_COLUMNS = sql`kind, id, reference, counterparty_id, counterparty_name, amount_minor::text, currency, day::text, (extract(epoch from at) * 1000)::float8 as at_ms, created_by, approved_by`;

function toRow(r: RawItem): FraudItemRow {
  return {
    kind: r.kind,
    id: r.id,
    reference: r.reference,
    counterpartyId: r.counterparty_id,
    counterpartyName: r.counterparty_name,
    amountMinor: BigInt(r.amount_minor),
    currency: r.currency,
    day: r.day,
    postedAt: new Date(Number(r.at_ms)),
    createdBy: r.created_by,
    approvedBy: r.approved_by,
  };
}

async function organizationZone(tx: TenantTx): Promise<string> {
  return (await currentOrganization(tx)).timeZone;
}

/** The tenant's scored items (all, or the ones named), oldest first. */
export async function listFraudItems(tx: TenantTx, filter: { refs?: readonly { kind: FraudItemKind; id: string }[] } = {}): Promise<FraudItemRow[]> {
  if (filter.refs && !filter.refs.length) return [];
  const timeZone = await organizationZone(tx);
  const where = filter.refs
    ? sql`where (kind, id) in (${sql.join(
        filter.refs.map((r) => sql`(${r.kind}, ${r.id}::uuid)`),
        sql`, `,
      )})`
    : sql``;
  const rows = await tx.execute<RawItem>(sql`with ${itemsCte(timeZone)} select ${ITEM_COLUMNS} from fraud_items ${where} order by at, id`);
  return rows.map(toRow);
}

/** The statistics of the items strictly before `item` (by time, then id) that its signals need. */
export async function fraudItemHistory(tx: TenantTx, item: FraudItemRow, options: { duplicateWindowDays: number; largeAmountQuantile: number }): Promise<FraudItemHistory> {
  const timeZone = await organizationZone(tx);
  const at = item.postedAt.toISOString();
  const windowStart = new Date(item.postedAt.getTime() - options.duplicateWindowDays * 86_400_000).toISOString();
  const [row] = await tx.execute<{
    n: number;
    median_log: number | null;
    mad_log: number | null;
    first_seen_ms: number | null;
    recent: RawItem[] | null;
    digits: number[] | null;
    currency_count: number;
    quantile: string | null;
  }>(sql`
    with ${itemsCte(timeZone)},
    earlier as materialized (select * from fraud_items where (at, id) < (${at}::timestamptz, ${item.id}::uuid)),
    logs as (select ln(amount_minor)::float8 as l from earlier where counterparty_id = ${item.counterpartyId}::uuid and currency = ${item.currency}),
    med as (select count(*)::int as n, percentile_cont(0.5) within group (order by l) as m from logs),
    mad as (select percentile_cont(0.5) within group (order by abs(l - med.m)) as d from logs, med)
    select (select n from med) as n, (select m from med)::float8 as median_log, (select d from mad)::float8 as mad_log,
           (select (extract(epoch from min(at)) * 1000)::float8 from earlier where counterparty_id = ${item.counterpartyId}::uuid) as first_seen_ms,
           (select json_agg(r order by r.at_ms) from (
              select ${ITEM_COLUMNS} from earlier
               where kind = ${item.kind} and currency = ${item.currency} and amount_minor = ${item.amountMinor.toString()}::numeric
                 and counterparty_id is not distinct from ${item.counterpartyId}::uuid and at >= ${windowStart}::timestamptz) r) as recent,
           (select array_agg(coalesce(c.n, 0)::int order by d.digit) from generate_series(1, 9) as d(digit)
              left join (select left(amount_minor::text, 1)::int as digit, count(*) as n from earlier group by 1) c on c.digit = d.digit) as digits,
           (select count(*)::int from earlier where currency = ${item.currency}) as currency_count,
           (select percentile_disc(${options.largeAmountQuantile}::float8) within group (order by amount_minor)::text from earlier where currency = ${item.currency}) as quantile`);
  const r = row!;
  return {
    counterparty: r.n > 0 && r.median_log !== null ? { count: r.n, medianLog: Number(r.median_log), madLog: Number(r.mad_log ?? 0) } : null,
    firstSeen: r.first_seen_ms === null ? null : new Date(Number(r.first_seen_ms)),
    sameAmountRecent: (r.recent ?? []).map(toRow),
    leadingDigits: r.digits ?? Array.from({ length: 9 }, () => 0),
    currencyCount: r.currency_count,
    currencyQuantileMinor: r.quantile === null ? null : BigInt(r.quantile),
  };
}
