import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { textLiteral, uuidLiteral } from "../../db/literal";
import type { TenantTx } from "../../db/tenant";
import { NotFound, ValidationFailed } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { trimAmount } from "./entries";
import { columnCount, COLUMN_KINDS, comparisonRange, COMPARISONS, MAX_COLUMNS, periodColumns, type Comparison, type DayRange, type PeriodColumn } from "./report-periods";
import type { AccountType } from "./schema";

/*
 * Reports, computed in the database: whole months come from the monthly period balances
 * (kept by each posting), the partial months at either end of a range from the lines of
 * those days only. Amounts are exact decimal text in minor units; nothing is summed
 * across currencies.
 */

const day = z.iso.date("Enter the date like 2026-03-31.");
const rangeFields = { from: day.nullish(), to: day.nullish() };
const startBeforeEnd = (r: { from?: string | null; to?: string | null }) => !r.from || !r.to || r.from <= r.to;
const startBeforeEndError = { message: "The start must be on or before the end.", path: ["from"] };
export const rangeInput = z.object(rangeFields).refine(startBeforeEnd, startBeforeEndError);

const EARLIEST = "0001-01-01";
const LATEST = "9999-12-31";

/**
 * The whole months inside from..to: full_from (the first day of the first whole month) and
 * full_to (the day after the last whole month); none when full_from >= full_to.
 */
const wholeMonths = (from: SQL, to: SQL) => sql`case when ${from} = date_trunc('month', ${from})::date then ${from}
                  else (date_trunc('month', ${from}) + interval '1 month')::date end as full_from,
             case when (${to} + 1) = date_trunc('month', ${to} + 1)::date then (${to} + 1)
                  else date_trunc('month', ${to})::date end as full_to`;

/**
 * Posted debits and credits per account and currency for the days from..to (inclusive):
 * a subquery with columns account_id, currency, debit, credit.
 */
export function postedTotals(from: string, to: string, options: { withoutClosing?: boolean; accountId?: string } = {}): SQL {
  const periods = sql`${options.withoutClosing ? sql`and not p.closing` : sql``} ${options.accountId ? sql`and p.account_id = ${options.accountId}` : sql``}`;
  const entries = sql`${options.withoutClosing ? sql`and e.source <> 'closing'` : sql``} ${options.accountId ? sql`and l.account_id = ${options.accountId}` : sql``}`;
  return sql`(
    with b as (
      select ${from}::date as f, ${to}::date as t,
             ${wholeMonths(sql`${from}::date`, sql`${to}::date`)})
    select account_id, currency, sum(debit) as debit, sum(credit) as credit from (
      select p.account_id, p.currency, p.debit, p.credit
        from accounting_period_balances p, b
       where b.full_from < b.full_to and p.period >= b.full_from and p.period < b.full_to ${periods}
      union all
      select l.account_id, l.currency, l.debit, l.credit
        from accounting_lines l join accounting_entries e on e.id = l.entry_id and e.status = 'posted', b
       where e.date between b.f and b.t and not (b.full_from < b.full_to and e.date >= b.full_from and e.date < b.full_to) ${entries}
    ) parts group by account_id, currency)`;
}

/**
 * postedTotals for several ranges at once (the columns of a report, which may overlap): a
 * subquery with columns k (the range's index), account_id, currency, debit, credit. Each
 * range is split as postedTotals splits one: its whole months from the period balances,
 * the days before the first and after the last whole month (or all its days, when it holds
 * no whole month) from the lines of those days only, found through the entries' date index.
 * `accountTypes` keeps only the accounts of those types (before summing).
 */
export function postedTotalsByRange(ranges: { from: string; to: string }[], options: { withoutClosing?: boolean; accountTypes?: AccountType[] } = {}): SQL {
  const values = sql.join(
    ranges.map((r, k) => sql`(${k}::int, ${r.from}::date, ${r.to}::date)`),
    sql`, `,
  );
  const ofTypes = options.accountTypes && sql`in (select id from accounting_accounts where type::text in (${sql.join(options.accountTypes.map((type) => sql`${type}`), sql`, `)}))`;
  return sql`(
    with r(k, f, t) as (values ${values}),
    b as (select k, f, t, ${wholeMonths(sql`f`, sql`t`)} from r),
    -- Each range's whole months, one row each: the period balances join them on equality.
    months as (
      select k, g::date as period from b, generate_series(full_from::timestamp, (full_to - 1)::timestamp, interval '1 month') g
       where full_from < full_to),
    edges as (
      select k, f as df, case when full_from < full_to then full_from - 1 else t end as dt from b
      union all
      select k, full_to, t from b where full_from < full_to),
    -- Each distinct run of edge days summed once (a first month column and the total share
    -- their first edge), its entries found through the date index: OFFSET 0 keeps the
    -- subquery per run (flattened, the planner scanned every entry once per edge).
    edge_sums as (
      select s.df, s.dt, x.account_id, x.currency, sum(x.debit) as debit, sum(x.credit) as credit
        from (select distinct df, dt from edges where df <= dt) s
        cross join lateral (
          select l.account_id, l.currency, l.debit, l.credit
            from accounting_entries e join accounting_lines l on l.entry_id = e.id
           where e.date between s.df and s.dt and e.status = 'posted' ${options.withoutClosing ? sql`and e.source <> 'closing'` : sql``}
          offset 0) x
       group by s.df, s.dt, x.account_id, x.currency)
    select k, account_id, currency, sum(debit) as debit, sum(credit) as credit from (
      select m.k, p.account_id, p.currency, p.debit, p.credit
        from months m join accounting_period_balances p on p.period = m.period
       where p.period >= (select min(period) from months) and p.period <= (select max(period) from months)
             ${options.withoutClosing ? sql`and not p.closing` : sql``} ${ofTypes ? sql`and p.account_id ${ofTypes}` : sql``}
      union all
      select d.k, es.account_id, es.currency, es.debit, es.credit
        from edges d join edge_sums es on es.df = d.df and es.dt = d.dt
       ${ofTypes ? sql`where es.account_id ${ofTypes}` : sql``}
    ) parts group by k, account_id, currency)`;
}

type TotalRow = { account_id: string; code: string; name: string; type: AccountType; currency: string; debit: string; credit: string };

async function totals(tx: TenantTx, from: string, to: string, types?: AccountType[], options: { withoutClosing?: boolean } = {}): Promise<TotalRow[]> {
  return tx.execute<TotalRow>(sql`
    select a.id as account_id, a.code, a.name, a.type, t.currency, t.debit::text, t.credit::text
      from ${postedTotals(from, to, options)} t join accounting_accounts a on a.id = t.account_id
     where (t.debit <> 0 or t.credit <> 0) ${types ? sql`and a.type::text in (${sql.join(types.map((type) => sql`${type}`), sql`, `)})` : sql``}
     order by a.code, t.currency`);
}

const SCALE = 100_000_000n;
function toUnits(text: string): bigint {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const value = BigInt(whole!) * SCALE + BigInt(fraction.padEnd(8, "0").slice(0, 8));
  return negative ? -value : value;
}
function fromUnits(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  return trimAmount(`${negative ? "-" : ""}${magnitude / SCALE}.${(magnitude % SCALE).toString().padStart(8, "0")}`);
}

/** Trial balance: each account's own postings per currency (no roll-up into parents); balance = debit − credit. */
export async function trialBalance(tx: TenantTx, rawInput: z.input<typeof rangeInput>) {
  const input = parseInput(rangeInput, rawInput);
  const rows = await totals(tx, input.from ?? EARLIEST, input.to ?? LATEST);
  const byCurrency = new Map<string, { debit: bigint; credit: bigint }>();
  for (const row of rows) {
    const t = byCurrency.get(row.currency) ?? { debit: 0n, credit: 0n };
    t.debit += toUnits(row.debit);
    t.credit += toUnits(row.credit);
    byCurrency.set(row.currency, t);
  }
  return {
    from: input.from ?? null,
    to: input.to ?? null,
    rows: rows.map((r) => ({ accountId: r.account_id, code: r.code, name: r.name, type: r.type, currency: r.currency, debit: trimAmount(r.debit), credit: trimAmount(r.credit), balance: fromUnits(toUnits(r.debit) - toUnits(r.credit)) })),
    totals: [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => ({ currency, debit: fromUnits(t.debit), credit: fromUnits(t.credit), balance: fromUnits(t.debit - t.credit) })),
  };
}

type Section = { accountId: string; code: string; name: string; currency: string; amount: string }[];

function section(rows: TotalRow[], type: AccountType, sign: 1n | -1n): Section {
  return rows.filter((r) => r.type === type).map((r) => ({ accountId: r.account_id, code: r.code, name: r.name, currency: r.currency, amount: fromUnits(sign * (toUnits(r.debit) - toUnits(r.credit))) }));
}

function sumByCurrency(...sections: Section[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const s of sections) for (const r of s) sums.set(r.currency, (sums.get(r.currency) ?? 0n) + toUnits(r.amount));
  return sums;
}

const listOf = (sums: Map<string, bigint>) => [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: fromUnits(amount) }));

export const incomeStatementInput = z
  .object({
    ...rangeFields,
    /** One amount column (total), or one per month or calendar quarter of the range plus the total. */
    columns: z.enum(COLUMN_KINDS).default("total"),
    /** An extra column: the same report over the previous period of equal length, or the same dates a year earlier; with the change. */
    compare: z.enum(COMPARISONS).default("none"),
  })
  .refine(startBeforeEnd, startBeforeEndError)
  .refine((r) => (r.columns === "total" && r.compare === "none") || (r.from && r.to), {
    message: "Month and quarter columns and comparisons need a start and an end date.",
    path: ["from"],
  });

/** One account and currency of the profit and loss: amount for the range, and with columns or a comparison, those figures too. */
type Figures = { amount: string; columns: string[]; previous: string | null; change: string | null; changePercent: string | null };
export type IncomeLine = { accountId: string; code: string; name: string; currency: string } & Figures;
export type IncomeTotal = { currency: string } & Figures;

/** The change in tenths of a percent of the base's size, rounded half away from zero ("12.5"); none when the base is zero. */
export function percentChange(change: bigint, base: bigint): string | null {
  if (base === 0n) return null;
  const size = base < 0n ? -base : base;
  const scaled = change * 1000n;
  const remainder = scaled % size;
  let tenths = scaled / size;
  if (2n * (remainder < 0n ? -remainder : remainder) >= size) tenths += scaled < 0n ? -1n : 1n;
  const magnitude = tenths < 0n ? -tenths : tenths;
  return `${tenths < 0n ? "-" : ""}${magnitude / 10n}.${magnitude % 10n}`;
}

/**
 * Profit and loss for a range: income (credit-positive) and expenses (debit-positive), net
 * income per currency; closing entries left out. With `columns`, each account's amount per
 * month or calendar quarter of the range as well (they add up to the total); with `compare`,
 * its amount over the compared range and the change (amount, and percent of the compared
 * amount unless that is zero). All sums in SQL: postedTotalsByRange, one range per column.
 */
export async function incomeStatement(tx: TenantTx, rawInput: z.input<typeof incomeStatementInput>) {
  const input = parseInput(incomeStatementInput, rawInput);
  const plain = input.columns === "total" && input.compare === "none";
  const range: DayRange = { from: input.from ?? EARLIEST, to: input.to ?? LATEST };
  let columns: PeriodColumn[] = [];
  if (input.columns !== "total") {
    if (columnCount(input.columns, range.from, range.to) > MAX_COLUMNS) {
      const message = `Choose a range of at most ${MAX_COLUMNS} ${input.columns === "month" ? "months" : "quarters"} for ${input.columns} columns.`;
      throw new ValidationFailed({ to: [message] }, message);
    }
    columns = periodColumns(input.columns, range.from, range.to);
  }
  const comparison = input.compare === "none" ? null : { kind: input.compare as Exclude<Comparison, "none">, ...comparisonRange(input.compare, range.from, range.to) };
  if (comparison && comparison.from < EARLIEST) {
    const message = "The compared period would start before the year 1; choose a later range.";
    throw new ValidationFailed({ compare: [message] }, message);
  }
  const ranges = [...columns, range, ...(comparison ? [comparison] : [])];
  const totalAt = columns.length;

  // Per account and currency, debit − credit per range (k indexes `ranges`).
  const rows: (TotalRow & { k: number })[] = plain
    ? (await totals(tx, range.from, range.to, ["income", "expense"], { withoutClosing: true })).map((r) => ({ ...r, k: 0 }))
    : await tx.execute<TotalRow & { k: number }>(sql`
        select t.k, a.id as account_id, a.code, a.name, a.type, t.currency, t.debit::text, t.credit::text
          from ${postedTotalsByRange(ranges, { withoutClosing: true, accountTypes: ["income", "expense"] })} t join accounting_accounts a on a.id = t.account_id
         where (t.debit <> 0 or t.credit <> 0) and a.type::text in ('income', 'expense')
         order by a.code, t.currency, t.k`);
  const lines = new Map<string, { row: TotalRow; values: bigint[] }>();
  for (const r of rows) {
    const key = `${r.account_id}|${r.currency}`;
    const line = lines.get(key) ?? { row: r, values: ranges.map(() => 0n) };
    line.values[r.k] = (r.type === "income" ? -1n : 1n) * (toUnits(r.debit) - toUnits(r.credit));
    lines.set(key, line);
  }
  const figures = (values: bigint[]): Figures => {
    const amount = values[totalAt]!;
    const previous = comparison ? values[totalAt + 1]! : null;
    return {
      amount: fromUnits(amount),
      columns: values.slice(0, totalAt).map(fromUnits),
      previous: previous === null ? null : fromUnits(previous),
      change: previous === null ? null : fromUnits(amount - previous),
      changePercent: previous === null ? null : percentChange(amount - previous, previous),
    };
  };
  const sectionOf = (type: AccountType): IncomeLine[] =>
    [...lines.values()].filter((l) => l.row.type === type).map(({ row, values }) => ({ accountId: row.account_id, code: row.code, name: row.name, currency: row.currency, ...figures(values) }));
  const sums = (type: AccountType, sign: 1n | -1n = 1n, into = new Map<string, bigint[]>()) => {
    for (const { row, values } of lines.values()) {
      if (row.type !== type) continue;
      const sum = into.get(row.currency) ?? ranges.map(() => 0n);
      values.forEach((v, k) => (sum[k] = sum[k]! + sign * v));
      into.set(row.currency, sum);
    }
    return into;
  };
  const totalsOf = (byCurrency: Map<string, bigint[]>): IncomeTotal[] => [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, values]) => ({ currency, ...figures(values) }));
  return {
    from: input.from ?? null,
    to: input.to ?? null,
    /** The period columns, in order (empty for a total only); each line's `columns` holds its amounts in this order. */
    columns,
    comparison,
    income: sectionOf("income"),
    expenses: sectionOf("expense"),
    totalIncome: totalsOf(sums("income")),
    totalExpenses: totalsOf(sums("expense")),
    netIncome: totalsOf(sums("expense", -1n, sums("income"))),
  };
}

export const asOfInput = z.object({ asOf: day.nullish() });

/**
 * Balance sheet as of a day: assets = liabilities + equity, where equity includes the
 * earnings not yet closed into retained earnings (income − expenses to that day).
 */
export async function balanceSheet(tx: TenantTx, rawInput: z.input<typeof asOfInput>) {
  const input = parseInput(asOfInput, rawInput);
  const rows = await totals(tx, EARLIEST, input.asOf ?? LATEST);
  const assets = section(rows, "asset", 1n);
  const liabilities = section(rows, "liability", -1n);
  const equity = section(rows, "equity", -1n);
  const earnings = sumByCurrency(section(rows, "income", -1n));
  for (const [currency, amount] of sumByCurrency(section(rows, "expense", 1n))) earnings.set(currency, (earnings.get(currency) ?? 0n) - amount);
  const totalAssets = sumByCurrency(assets);
  const liabilitiesAndEquity = sumByCurrency(liabilities, equity);
  for (const [currency, amount] of earnings) liabilitiesAndEquity.set(currency, (liabilitiesAndEquity.get(currency) ?? 0n) + amount);
  const currencies = new Set([...totalAssets.keys(), ...liabilitiesAndEquity.keys()]);
  const balanced = [...currencies].every((c) => (totalAssets.get(c) ?? 0n) === (liabilitiesAndEquity.get(c) ?? 0n));
  return { asOf: input.asOf ?? null, assets, liabilities, equity, unclosedEarnings: listOf(earnings), totalAssets: listOf(totalAssets), totalLiabilitiesAndEquity: listOf(liabilitiesAndEquity), balanced };
}

export const ledgerInput = z.object({
  accountId: z.uuid(),
  from: day.nullish(),
  to: day.nullish(),
  limit: z.number().int().min(1).max(500).default(100),
  /** The next page starts after this (date, entry number, line number). */
  after: z.object({ date: day, number: z.number().int(), lineNo: z.number().int() }).nullish(),
});

/** A validated integer (a page size, an entry or line number) written into a statement as a literal. */
function intLiteral(value: number): SQL {
  if (!Number.isSafeInteger(value)) throw new ValidationFailed({ after: ["Not a whole number."] });
  return sql.raw(String(value));
}
/** A validated ISO day as a date literal (digits and dashes only: textLiteral writes it plain). */
const dateLiteral = (value: string) => sql`${textLiteral(value)}::date`;

type LedgerLine = { date: string; number: number; lineNo: number; entryId: string; memo: string; description: string | null; currency: string; debit: string; credit: string };

/**
 * General ledger of one account: its posted lines in order with the running balance per
 * currency (opening balance included), a page at a time after a (date, number, line) cursor.
 *
 * One statement, its values written as literals (../../db/literal.ts: no parameters, so one
 * round trip instead of two), reads the account, the opening balance and the page:
 * - the page's start: the cursor when there is one, else the range's first day;
 * - the opening balance: the period balances of the whole months before the start's month,
 *   plus the account's lines of that month before the start;
 * - the account's lines are read once, from the start's month on (its index first, then
 *   their entries: walking the entries by date and probing each for this account's lines
 *   cost ~35,000 probes for a page, bench:accounting), and split into those before the
 *   start (opening) and the page.
 */
export async function generalLedger(tx: TenantTx, rawInput: z.input<typeof ledgerInput>) {
  const input = parseInput(ledgerInput, rawInput);
  if (input.from && input.to && input.from > input.to) throw new ValidationFailed({ from: ["The start must be on or before the end."] });
  const from = input.from ?? EARLIEST;
  const to = input.to ?? LATEST;
  // A cursor before the range's start (not one this report handed out) starts the page at `from`, as it filters nothing.
  const after = input.after && input.after.date >= from ? input.after : null;
  const startDay = after?.date ?? from;
  const month = `${startDay.slice(0, 7)}-01`;
  const accountId = uuidLiteral(input.accountId);
  const inPage = after
    ? sql`(e.date, e.number, l.line_no) > (${dateLiteral(after.date)}, ${intLiteral(after.number)}, ${intLiteral(after.lineNo)})`
    : sql`e.date >= ${dateLiteral(from)}`;
  const [row] = await tx.execute<{ code: string; name: string; type: AccountType; opening: { currency: string; balance: string }[] | null; lines: LedgerLine[] | null }>(sql`
    with lines as materialized (
      select e.date, e.number, l.line_no, e.id as entry_id, e.memo, l.description, l.currency, l.debit, l.credit, ${inPage} as in_page
        -- OFFSET 0 keeps the planner from flattening the account's lines into a walk of the entries.
        from (select * from accounting_lines where account_id = ${accountId} offset 0) l
        join accounting_entries e on e.id = l.entry_id and e.status = 'posted'
       where e.date >= ${dateLiteral(month)} and e.date <= ${dateLiteral(to > startDay ? to : startDay)}),
    opening as (
      select currency, sum(debit - credit) as balance from (
        select currency, debit, credit from accounting_period_balances where account_id = ${accountId} and period < ${dateLiteral(month)}
        union all
        select currency, debit, credit from lines where not in_page) x
       group by currency),
    page as (
      select * from lines where in_page and date <= ${dateLiteral(to)} order by date, number, line_no limit ${intLiteral(input.limit + 1)})
    select a.code, a.name, a.type,
           (select json_agg(json_build_object('currency', currency, 'balance', balance::text) order by currency) from opening) as opening,
           (select json_agg(json_build_object('date', date::text, 'number', number, 'lineNo', line_no, 'entryId', entry_id, 'memo', memo, 'description', description,
                                              'currency', currency, 'debit', debit::text, 'credit', credit::text) order by date, number, line_no) from page) as lines
      from accounting_accounts a where a.id = ${accountId}`);
  if (!row) throw new NotFound("This account does not exist.");
  const running = new Map((row.opening ?? []).map((b) => [b.currency, toUnits(b.balance)]));
  const lines = row.lines ?? [];
  const page = lines.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    account: { id: input.accountId, code: row.code, name: row.name, type: row.type },
    opening: [...running.entries()].map(([currency, balance]) => ({ currency, balance: fromUnits(balance) })),
    items: page.map((l) => {
      const balance = (running.get(l.currency) ?? 0n) + toUnits(l.debit) - toUnits(l.credit);
      running.set(l.currency, balance);
      return { date: l.date, number: l.number, lineNo: l.lineNo, entryId: l.entryId, memo: l.memo, description: l.description, currency: l.currency, debit: trimAmount(l.debit), credit: trimAmount(l.credit), balance: fromUnits(balance) };
    }),
    next: lines.length > input.limit && last ? { date: last.date, number: last.number, lineNo: last.lineNo } : null,
  };
}
