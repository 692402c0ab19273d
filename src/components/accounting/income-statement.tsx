"use client";

import clsx from "clsx";
import Link from "next/link";
import { useMemo } from "react";
import { TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { FigureLink, ledgerHref, type Range } from "./ledger-link";
import { useMoney } from "./parts";
import type { IncomeStatement } from "./types";

/*
 * The profit and loss as one wide table: income accounts, total income, expense accounts,
 * total expenses and net income, per currency; one amount column per month or quarter when
 * chosen, the total, and the compared range with the change. The account column (with the
 * row's currency) stays in place while the figures scroll sideways. Every account figure
 * opens that account's general ledger for the dates of its column.
 */

type Line = IncomeStatement["income"][number];
type Total = IncomeStatement["totalIncome"][number];

const COMPARED = { previous_period: "Previous period", previous_year: "Previous year" } as const;

/** The first column's cells: kept on screen while the table scrolls sideways (with the row's background). */
const STICKY = "sticky left-0 z-10 border-r border-gray-200";

/** A column's whole month or quarter ("2026-02" → Feb 1–28, "2026-Q2" → Apr 1 – Jun 30). */
function wholePeriod(key: string): { from: string; to: string } {
  const [y, p] = key.split("-") as [string, string];
  const first = p.startsWith("Q") ? (Number(p.slice(1)) - 1) * 3 + 1 : Number(p);
  const last = p.startsWith("Q") ? first + 2 : first;
  return { from: `${y}-${String(first).padStart(2, "0")}-01`, to: new Date(Date.UTC(Number(y), last, 0)).toISOString().slice(0, 10) };
}

function useColumnLabels(data: IncomeStatement) {
  const { format } = useMoney();
  return useMemo(() => {
    const month = new Intl.DateTimeFormat(format.locale, { month: "short", year: "numeric", timeZone: "UTC" });
    return data.columns.map((c) => {
      const [y, p] = c.key.split("-") as [string, string];
      const label = p.startsWith("Q") ? `${p} ${y}` : month.format(new Date(Date.UTC(Number(y), Number(p) - 1, 15)));
      // A column cut by the range's start or end says which days it holds.
      const whole = wholePeriod(c.key);
      return { ...c, label, days: c.from !== whole.from || c.to !== whole.to ? `${format.day(c.from)} – ${format.day(c.to)}` : null };
    });
  }, [data.columns, format]);
}

export function IncomeStatementTable({ slug, data }: { slug: string; data: IncomeStatement }) {
  const { money, format } = useMoney();
  const columns = useColumnLabels(data);
  const range: Range = { from: data.from, to: data.to };
  const compared = data.comparison;
  const width = 1 + columns.length + 1 + (compared ? 3 : 0);
  const empty = data.income.length === 0 && data.expenses.length === 0;
  if (empty) return <p className="text-sm text-ink-muted">Nothing is posted to income or expense accounts in {compared ? "either range" : "this range"}.</p>;

  const figures = (row: Line | Total, strong: boolean, link?: (range: Range, children: React.ReactNode, what: string) => React.ReactNode) => {
    const cell = (amount: string, key: string, cellRange: Range, what: string, extra?: string) => (
      <td key={key} className={clsx(TD_NUM, strong && "font-semibold", extra)}>
        {link && /[1-9]/.test(amount) ? link(cellRange, money(amount, row.currency), what) : money(amount, row.currency)}
      </td>
    );
    return (
      <>
        {columns.map((c, i) => cell(row.columns[i]!, c.key, c, c.label))}
        {cell(row.amount, "total", range, "the whole range", columns.length ? "bg-surface-muted/60" : undefined)}
        {compared && (
          <>
            {cell(row.previous!, "previous", compared, COMPARED[compared.kind].toLowerCase())}
            <td className={clsx(TD_NUM, strong && "font-semibold")}>{money(row.change!, row.currency)}</td>
            <td className={clsx(TD_NUM, strong && "font-semibold", "text-ink-muted")}>{row.changePercent === null ? "—" : `${row.changePercent.startsWith("-") ? "" : "+"}${row.changePercent} %`}</td>
          </>
        )}
      </>
    );
  };

  const accountRows = (lines: Line[]) =>
    lines.map((r) => (
      <tr key={`${r.accountId}-${r.currency}`} className="group bg-white">
        <th scope="row" className={clsx(TD, STICKY, "bg-white text-left font-normal")}>
          <Link href={ledgerHref(slug, r.accountId, range)} className="whitespace-nowrap text-brand-700 hover:underline">
            {r.code === r.name ? r.name : `${r.code} ${r.name}`}
          </Link>
          <Currency code={r.currency} />
        </th>
        {figures(r, false, (cellRange, children, what) => (
          <FigureLink slug={slug} accountId={r.accountId} range={cellRange} what={`${r.code} ${r.name}, ${what}`}>
            {children}
          </FigureLink>
        ))}
      </tr>
    ));
  const totalRows = (label: string, totals: Total[], testId: string) =>
    totals.map((t) => (
      <tr key={`${label}-${t.currency}`} className="bg-surface-muted" data-testid={`${testId}-${t.currency}`}>
        <th scope="row" className={clsx(TD, STICKY, "whitespace-nowrap bg-surface-muted text-left font-semibold text-ink")}>
          {label}
          <Currency code={t.currency} />
        </th>
        {figures(t, true)}
      </tr>
    ));
  const heading = (label: string) => (
    <tr className="bg-white">
      <th scope="colgroup" colSpan={width} className={clsx(TH, "bg-white pt-4 text-ink")}>
        <span className="sticky left-4">{label}</span>
      </th>
    </tr>
  );

  return (
    <TableFrame caption={`Profit and loss${columns.length ? ` by ${data.columns[0]!.key.includes("Q") ? "quarter" : "month"}` : ""}${compared ? `, compared with ${format.day(compared.from)} – ${format.day(compared.to)}` : ""}`}>
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={clsx(TH, STICKY, "bg-surface-muted")}>Account · currency</th>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={clsx(TH_NUM, "whitespace-nowrap")}>
              {c.label}
              {c.days && <span className="block font-normal normal-case tracking-normal">{c.days}</span>}
            </th>
          ))}
          <th scope="col" className={clsx(TH_NUM, "whitespace-nowrap")}>{columns.length || compared ? "Total" : "Amount"}</th>
          {compared && (
            <>
              <th scope="col" className={clsx(TH_NUM, "whitespace-nowrap")}>
                {COMPARED[compared.kind]}
                <span className="block font-normal normal-case tracking-normal">
                  {format.day(compared.from)} – {format.day(compared.to)}
                </span>
              </th>
              <th scope="col" className={TH_NUM}>Change</th>
              <th scope="col" className={TH_NUM}>Change %</th>
            </>
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100">
        {heading("Income")}
        {data.income.length ? accountRows(data.income) : <EmptyRow width={width} text="No income in this range." />}
        {totalRows("Total income", data.totalIncome, "pl-total-income")}
        {heading("Expenses")}
        {data.expenses.length ? accountRows(data.expenses) : <EmptyRow width={width} text="No expenses in this range." />}
        {totalRows("Total expenses", data.totalExpenses, "pl-total-expenses")}
      </tbody>
      <tfoot className="border-t-2 border-gray-300">{totalRows("Net income", data.netIncome, "pl-net-income")}</tfoot>
    </TableFrame>
  );
}

/** The row's currency, beside its name in the column that stays in place (so it is never scrolled away from its figures). */
function Currency({ code }: { code: string }) {
  return <span className="ml-2 text-xs font-normal text-ink-muted">{code}</span>;
}

function EmptyRow({ width, text }: { width: number; text: string }) {
  return (
    <tr className="bg-white">
      <td colSpan={width} className={clsx(TD, "text-ink-muted")}>
        <span className="sticky left-4">{text}</span>
      </td>
    </tr>
  );
}
