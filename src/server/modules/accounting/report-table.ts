import type { TenantTx } from "../../db/tenant";
import { balanceSheet, incomeStatement, trialBalance } from "./reports";

/* The reports as rows of text (header first), for CSV downloads and the command line. */

export const REPORTS = ["trial-balance", "income-statement", "balance-sheet"] as const;
export type ReportName = (typeof REPORTS)[number];

export async function reportRows(tx: TenantTx, report: ReportName, range: { from: string | null; to: string | null }): Promise<string[][]> {
  if (report === "trial-balance") {
    const trial = await trialBalance(tx, range);
    // Each account's own postings (no roll-up into parents), one row per account and currency.
    return [["account", "currency", "debit", "credit", "balance"], ...trial.rows.map((r) => [`${r.code} ${r.name}`, r.currency, r.debit, r.credit, r.balance])];
  }
  if (report === "income-statement") {
    const pl = await incomeStatement(tx, range);
    return [
      ["section", "account", "currency", "amount"],
      ...pl.income.map((r) => ["income", `${r.code} ${r.name}`, r.currency, r.amount]),
      ...pl.expenses.map((r) => ["expense", `${r.code} ${r.name}`, r.currency, r.amount]),
      ...pl.netIncome.map((r) => ["net income", "", r.currency, r.amount]),
    ];
  }
  const sheet = await balanceSheet(tx, { asOf: range.to });
  return [
    ["section", "account", "currency", "amount"],
    ...sheet.assets.map((r) => ["assets", `${r.code} ${r.name}`, r.currency, r.amount]),
    ...sheet.liabilities.map((r) => ["liabilities", `${r.code} ${r.name}`, r.currency, r.amount]),
    ...sheet.equity.map((r) => ["equity", `${r.code} ${r.name}`, r.currency, r.amount]),
    ...sheet.unclosedEarnings.map((r) => ["equity", "Earnings not yet closed", r.currency, r.amount]),
    ...sheet.totalAssets.map((r) => ["total assets", "", r.currency, r.amount]),
    ...sheet.totalLiabilitiesAndEquity.map((r) => ["total liabilities and equity", "", r.currency, r.amount]),
  ];
}
