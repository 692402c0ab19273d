import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import { clipForModel, type AiRecordRef, type AiTool } from "../define";
import { writtenAmount } from "./amounts";
import { currencyCode } from "./documents/documents";
import { agingReport } from "./documents/reports";
import { ACCOUNTING } from "./permissions";
import { incomeStatement } from "./reports";

/*
 * The AI assistant's read-only tools over accounting (see AiTool in ../define.ts), each a
 * view of one of the module's own reports so that an answer agrees with the report page:
 * overdue invoices from the receivables aging, revenue from the profit and loss. Invalid
 * input throws a DomainError (ValidationFailed) with a message the model can act on, like
 * every service. Amounts are exact decimal text in the currency's major unit ("1250.5"),
 * with their currency; nothing is added across currencies. Dates are ISO days.
 */

const MAX_INVOICES = 20;
const MAX_ACCOUNTS = 10;

/** Long free text cut for the model: its context is small and these are labels, not documents. */

const documentHref = (id: string) => `/accounting/documents/${id}`;
const accountHref = (id: string) => `/accounting/accounts/${id}`;

const overdueInput = z.object({
  limit: z.number().int().min(1).max(MAX_INVOICES).default(10),
  /** Only invoices in this currency. */
  currency: currencyCode.optional(),
});

export const overdueInvoicesTool: AiTool<z.output<typeof overdueInput>> = {
  name: "overdue_invoices",
  description:
    "List customer invoices past their due date (in the organization's time zone, today) that are not fully paid, largest amount outstanding first: number, customer, currency, amount outstanding, issue and due dates, days overdue. Also the totals outstanding per currency over every overdue invoice, not only the listed ones. Optional `currency` keeps one currency; `limit` at most 20. Amounts in different currencies are ranked by their face value (no exchange rates).",
  input: overdueInput,
  minimumRole: ACCOUNTING.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(overdueInput, rawInput);
    // The aging report as of today: posted invoices, less what was settled. Overdue as the
    // invoice list says it: a due date before today (an invoice without one is never overdue).
    const aging = await agingReport(tx, { side: "receivables" });
    const overdue = aging.parties
      .flatMap((p) => p.documents)
      .filter((d) => d.dueDate !== null && d.daysLate > 0 && (!input.currency || d.currency === input.currency))
      .sort((a, b) => compareMinor(BigInt(b.open), BigInt(a.open)) || b.daysLate - a.daysLate || a.number.localeCompare(b.number));
    const totals = new Map<string, { count: number; outstanding: bigint }>();
    for (const d of overdue) {
      const t = totals.get(d.currency) ?? { count: 0, outstanding: 0n };
      totals.set(d.currency, { count: t.count + 1, outstanding: t.outstanding + BigInt(d.open) });
    }
    const invoices = overdue.slice(0, input.limit).map((d) => ({
      id: d.id,
      number: d.number,
      customer: clipForModel(d.partyName),
      currency: d.currency,
      outstanding: writtenAmount(d.open, d.currency),
      issueDate: d.issueDate,
      dueDate: d.dueDate,
      daysOverdue: d.daysLate,
    }));
    const records: AiRecordRef[] = invoices.map((d) => ({ recordType: "invoice", id: d.id, label: `Invoice ${d.number} (${d.customer})`, href: documentHref(d.id) }));
    return {
      data: {
        asOf: aging.asOf,
        invoices,
        overdueCount: overdue.length,
        overdueTotals: [...totals.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, t]) => ({ currency, count: t.count, outstanding: writtenAmount(t.outstanding.toString(), currency) })),
      },
      records,
    };
  },
};

function compareMinor(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const day = z.iso.date("Give the date as YYYY-MM-DD, like 2026-03-31.");
const revenueInput = z.object({ from: day, to: day }).refine((r) => r.from <= r.to, { message: "The start must be on or before the end.", path: ["from"] });

export const revenueInPeriodTool: AiTool<z.output<typeof revenueInput>> = {
  name: "revenue_in_period",
  description:
    "Revenue (total income, from posted journal entries) between two days inclusive, per currency, exactly as the profit and loss report computes it (year-end closing entries left out). Also the income accounts behind it (up to 10, by code) and, per currency, total expenses and net income. Give `from` and `to` as YYYY-MM-DD.",
  input: revenueInput,
  minimumRole: ACCOUNTING.read,
  async run(tx: TenantTx, _actor: Actor, rawInput) {
    const input = parseInput(revenueInput, rawInput);
    const pl = await incomeStatement(tx, { from: input.from, to: input.to });
    const amount = (t: { currency: string; amount: string }) => ({ currency: t.currency, amount: writtenAmount(t.amount, t.currency) });
    const accounts = pl.income.slice(0, MAX_ACCOUNTS).map((l) => ({ id: l.accountId, code: l.code, name: clipForModel(l.name), ...amount(l) }));
    const records: AiRecordRef[] = accounts.map((a) => ({ recordType: "account", id: a.id, label: `${a.code} ${a.name}`, href: accountHref(a.id) }));
    return {
      data: {
        from: pl.from,
        to: pl.to,
        revenue: pl.totalIncome.map(amount),
        incomeAccounts: accounts,
        moreIncomeAccounts: pl.income.length > accounts.length,
        totalExpenses: pl.totalExpenses.map(amount),
        netIncome: pl.netIncome.map(amount),
      },
      records,
    };
  },
};

export const accountingAiTools: AiTool[] = [overdueInvoicesTool, revenueInPeriodTool];
