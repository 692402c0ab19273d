import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";

/*
 * Read functions for the analytics module's series (issue 16): posted income and expenses per
 * month or day, and per-account activity per day. An entry's `date` is the organization's
 * calendar day (it is entered and posted as a day, never a time), so grouping by it is grouping
 * in the organization's time zone. Closing entries are left out, as the profit and loss leaves
 * them out. Amounts are exact decimal text in minor units, per currency, never summed across.
 */

export type MonthlyIncomeRow = { month: string; currency: string; revenue: string; expenses: string };
export type DailyIncomeRow = { day: string; currency: string; revenue: string; expenses: string };
export type DailyAccountRow = { day: string; accountId: string; code: string; name: string; currency: string; debit: string; credit: string; lines: number };

/**
 * Revenue (income accounts, credit − debit) and expenses (expense accounts, debit − credit) per
 * month and currency, from the monthly period balances the posting keeps: the same figures as the
 * income statement's month columns. `month` is the first day of the month.
 */
export async function monthlyIncomeAndExpenses(tx: TenantTx, range: { from: string; to: string }): Promise<MonthlyIncomeRow[]> {
  return tx.execute<MonthlyIncomeRow>(sql`
    select p.period::text as month, p.currency,
           coalesce(sum(p.credit - p.debit) filter (where a.type = 'income'), 0)::text as revenue,
           coalesce(sum(p.debit - p.credit) filter (where a.type = 'expense'), 0)::text as expenses
      from accounting_period_balances p join accounting_accounts a on a.id = p.account_id
     where not p.closing and a.type in ('income', 'expense')
       and p.period >= date_trunc('month', ${range.from}::date)::date and p.period <= ${range.to}::date
     group by p.period, p.currency
     order by p.period, p.currency`);
}

/** Revenue and expenses per day and currency (posted lines on income and expense accounts, closing entries left out). */
export async function dailyIncomeAndExpenses(tx: TenantTx, range: { from: string; to: string }): Promise<DailyIncomeRow[]> {
  return tx.execute<DailyIncomeRow>(sql`
    select e.date::text as day, l.currency,
           coalesce(sum(l.credit - l.debit) filter (where a.type = 'income'), 0)::text as revenue,
           coalesce(sum(l.debit - l.credit) filter (where a.type = 'expense'), 0)::text as expenses
      from accounting_entries e
      join accounting_lines l on l.entry_id = e.id
      join accounting_accounts a on a.id = l.account_id
     where e.status = 'posted' and e.source <> 'closing' and e.date between ${range.from}::date and ${range.to}::date
       and a.type in ('income', 'expense')
     group by e.date, l.currency
     order by e.date, l.currency`);
}

/**
 * Each account's posted activity per day and currency: debits, credits and the number of lines,
 * for the accounts with lines on at least `minDays` distinct days of the range (an account used
 * twice a year has no daily pattern to learn). Closing entries left out.
 */
export async function dailyAccountActivity(tx: TenantTx, range: { from: string; to: string; minDays: number }): Promise<DailyAccountRow[]> {
  return tx.execute<DailyAccountRow>(sql`
    with activity as (
      select e.date, l.account_id, l.currency, sum(l.debit) as debit, sum(l.credit) as credit, count(*)::int as lines
        from accounting_entries e join accounting_lines l on l.entry_id = e.id
       where e.status = 'posted' and e.source <> 'closing' and e.date between ${range.from}::date and ${range.to}::date
       group by e.date, l.account_id, l.currency),
    busy as (select account_id, currency from activity group by account_id, currency having count(*) >= ${range.minDays})
    select x.date::text as day, x.account_id as "accountId", a.code, a.name, x.currency, x.debit::text as debit, x.credit::text as credit, x.lines
      from activity x join busy b using (account_id, currency) join accounting_accounts a on a.id = x.account_id
     order by a.code, x.currency, x.date`);
}
