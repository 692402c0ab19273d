import type { TenantTx } from "../../db/tenant";
import { writtenAmount as w } from "./amounts";
import type { ColumnKind, Comparison } from "./report-periods";
import { balanceSheet, incomeStatement, trialBalance } from "./reports";

/*
 * The reports as rows of text (header first), for CSV downloads and the command line:
 * amounts as the commodity is written (12.50 USD, not 1250 cents), exact. An imported
 * account (its code is its colon path) is named once.
 */

const accountName = (r: { code: string; name: string }) => (r.code === r.name ? r.name : `${r.code} ${r.name}`);

export const REPORTS = ["trial-balance", "income-statement", "balance-sheet"] as const;
export type ReportName = (typeof REPORTS)[number];

/** The profit and loss's columns (month or quarter, beside the total) and comparison; the other reports have none. */
export type ReportOptions = { columns?: ColumnKind; compare?: Comparison };

const COMPARED: Record<Exclude<Comparison, "none">, string> = { previous_period: "previous period", previous_year: "previous year" };

export async function reportRows(tx: TenantTx, report: ReportName, range: { from: string | null; to: string | null }, options: ReportOptions = {}): Promise<string[][]> {
  if (report === "trial-balance") {
    const trial = await trialBalance(tx, range);
    // Each account's own postings (no roll-up into parents), one row per account and currency.
    return [["account", "currency", "debit", "credit", "balance"], ...trial.rows.map((r) => [accountName(r), r.currency, w(r.debit, r.currency), w(r.credit, r.currency), w(r.balance, r.currency)])];
  }
  if (report === "income-statement") {
    const pl = await incomeStatement(tx, { ...range, ...options });
    // Without columns or a comparison: one amount. With them: an amount per month or quarter,
    // the total, then the compared range's amount and the change (amount and percent).
    const header = [...pl.columns.map((c) => c.key), pl.columns.length || pl.comparison ? "total" : "amount"];
    if (pl.comparison) header.push(`${COMPARED[pl.comparison.kind]} (${pl.comparison.from} to ${pl.comparison.to})`, "change", "change %");
    const figures = (r: { currency: string; amount: string; columns: string[]; previous: string | null; change: string | null; changePercent: string | null }) => [
      ...r.columns.map((c) => w(c, r.currency)),
      w(r.amount, r.currency),
      ...(pl.comparison ? [w(r.previous!, r.currency), w(r.change!, r.currency), r.changePercent ?? ""] : []),
    ];
    return [
      ["section", "account", "currency", ...header],
      ...pl.income.map((r) => ["income", accountName(r), r.currency, ...figures(r)]),
      ...pl.expenses.map((r) => ["expense", accountName(r), r.currency, ...figures(r)]),
      ...pl.netIncome.map((r) => ["net income", "", r.currency, ...figures(r)]),
    ];
  }
  const sheet = await balanceSheet(tx, { asOf: range.to });
  return [
    ["section", "account", "currency", "amount"],
    ...sheet.assets.map((r) => ["assets", accountName(r), r.currency, w(r.amount, r.currency)]),
    ...sheet.liabilities.map((r) => ["liabilities", accountName(r), r.currency, w(r.amount, r.currency)]),
    ...sheet.equity.map((r) => ["equity", accountName(r), r.currency, w(r.amount, r.currency)]),
    ...sheet.unclosedEarnings.map((r) => ["equity", "Earnings not yet closed", r.currency, w(r.amount, r.currency)]),
    ...sheet.totalAssets.map((r) => ["total assets", "", r.currency, w(r.amount, r.currency)]),
    ...sheet.totalLiabilitiesAndEquity.map((r) => ["total liabilities and equity", "", r.currency, w(r.amount, r.currency)]),
  ];
}
