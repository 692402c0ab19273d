"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Section, TableFrame, TD, TD_NUM, TH, TH_NUM } from "@/components/inventory/parts";
import { parseDay } from "@/components/records/list-state";
import { TableSkeleton } from "@/components/records/parts";
import { useTenantId } from "@/components/shell/tenant-context";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { useTRPC } from "@/trpc/client";
import { asOfInput, incomeStatementInput, rangeInput, readColumns, readCompare, readReport, type PlColumns, type PlCompare, type ReportName } from "./first-page";
import { IncomeStatementTable } from "./income-statement";
import { ACCOUNT_TYPE_LABELS } from "./labels";
import { FigureLink, ledgerHref, type Range } from "./ledger-link";
import { refusalText, useMoney } from "./parts";
import type { BalanceSheet, IncomeStatement, TrialBalance } from "./types";

/*
 * /t/[slug]/accounting/reports (?report=trial-balance|income-statement|balance-sheet, ?from&to
 * or ?asOf; the profit and loss also ?columns=month|quarter&compare=previous_period|previous_year):
 * the reports computed by the server, one line per account and currency, totals per currency
 * (never summed across currencies), and each as a CSV download. Every account figure opens
 * the account's general ledger for the report's dates (the lines behind it).
 */

const COLUMN_CHOICES: { value: PlColumns; label: string }[] = [
  { value: "total", label: "Total only" },
  { value: "month", label: "Each month" },
  { value: "quarter", label: "Each quarter" },
];
const COMPARE_CHOICES: { value: PlCompare; label: string }[] = [
  { value: "none", label: "Nothing" },
  { value: "previous_period", label: "The previous period" },
  { value: "previous_year", label: "The same dates a year earlier" },
];

const REPORT_TABS: { key: ReportName; label: string }[] = [
  { key: "trial-balance", label: "Trial balance" },
  { key: "income-statement", label: "Profit and loss" },
  { key: "balance-sheet", label: "Balance sheet" },
];

type Amount = { currency: string; amount: string };
type SectionRow = { accountId: string; code: string; name: string; currency: string; amount: string };

function AccountLink({ slug, row, range }: { slug: string; row: { accountId: string; code: string; name: string }; range: Range }) {
  return (
    <Link href={ledgerHref(slug, row.accountId, range)} className="text-brand-700 hover:underline">
      {row.code} {row.name}
    </Link>
  );
}

function TrialBalanceTable({ slug, data }: { slug: string; data: TrialBalance }) {
  const { money } = useMoney();
  const range = { from: data.from, to: data.to };
  const figure = (r: TrialBalance["rows"][number], amount: string) => (
    <FigureLink slug={slug} accountId={r.accountId} range={range} what={`${r.code} ${r.name}`}>
      {money(amount, r.currency)}
    </FigureLink>
  );
  if (data.rows.length === 0) return <p className="text-sm text-ink-muted">Nothing is posted in this range.</p>;
  return (
    <TableFrame caption="Trial balance: each account's debits, credits and balance per currency">
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>Account</th>
          <th scope="col" className={TH}>Type</th>
          <th scope="col" className={TH}>Currency</th>
          <th scope="col" className={TH_NUM}>Debit</th>
          <th scope="col" className={TH_NUM}>Credit</th>
          <th scope="col" className={TH_NUM}>Balance</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {data.rows.map((r) => (
          <tr key={`${r.accountId}-${r.currency}`}>
            <th scope="row" className={clsx(TD, "text-left font-normal")}>
              <AccountLink slug={slug} row={r} range={range} />
            </th>
            <td className={TD}>{ACCOUNT_TYPE_LABELS[r.type]}</td>
            <td className={TD}>{r.currency}</td>
            <td className={TD_NUM}>{figure(r, r.debit)}</td>
            <td className={TD_NUM}>{figure(r, r.credit)}</td>
            <td className={TD_NUM}>{figure(r, r.balance)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot className="bg-surface-muted">
        {data.totals.map((t) => (
          <tr key={t.currency} data-testid={`trial-total-${t.currency}`}>
            <th scope="row" colSpan={2} className={clsx(TD, "text-left font-semibold text-ink")}>
              Total
            </th>
            <td className={clsx(TD, "font-semibold")}>{t.currency}</td>
            <td className={clsx(TD_NUM, "font-semibold")}>{money(t.debit, t.currency)}</td>
            <td className={clsx(TD_NUM, "font-semibold")}>{money(t.credit, t.currency)}</td>
            <td className={clsx(TD_NUM, "font-semibold")}>{money(t.balance, t.currency)}</td>
          </tr>
        ))}
      </tfoot>
    </TableFrame>
  );
}

/** A balance sheet section: each account's balance as of the day, opening its ledger up to that day. */
function AmountsTable({ slug, asOf, caption, rows, totalLabel, totals, empty }: { slug: string; asOf: string | null; caption: string; rows: SectionRow[]; totalLabel: string; totals: Amount[]; empty: string }) {
  const { money } = useMoney();
  if (rows.length === 0 && totals.length === 0) return <p className="text-sm text-ink-muted">{empty}</p>;
  return (
    <TableFrame caption={caption}>
      <thead className="bg-surface-muted">
        <tr>
          <th scope="col" className={TH}>Account</th>
          <th scope="col" className={TH}>Currency</th>
          <th scope="col" className={TH_NUM}>Amount</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100 bg-white">
        {rows.map((r) => (
          <tr key={`${r.accountId}-${r.currency}`}>
            <th scope="row" className={clsx(TD, "text-left font-normal")}>
              <AccountLink slug={slug} row={r} range={{ to: asOf }} />
            </th>
            <td className={TD}>{r.currency}</td>
            <td className={TD_NUM}>
              <FigureLink slug={slug} accountId={r.accountId} range={{ to: asOf }} what={`${r.code} ${r.name}, balance`}>
                {money(r.amount, r.currency)}
              </FigureLink>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot className="bg-surface-muted">
        {totals.map((t) => (
          <tr key={t.currency}>
            <th scope="row" className={clsx(TD, "text-left font-semibold text-ink")}>
              {totalLabel}
            </th>
            <td className={clsx(TD, "font-semibold")}>{t.currency}</td>
            <td className={clsx(TD_NUM, "font-semibold")}>{money(t.amount, t.currency)}</td>
          </tr>
        ))}
      </tfoot>
    </TableFrame>
  );
}

function Totals({ title, items }: { title: string; items: Amount[] }) {
  const { money } = useMoney();
  return (
    <div className="rounded-lg border border-gray-200 bg-surface-muted px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{title}</dt>
      {items.length === 0 ? (
        <dd className="mt-1 text-sm text-ink-muted">Nothing</dd>
      ) : (
        items.map((t) => (
          <dd key={t.currency} className="mt-1 text-lg font-semibold tabular-nums text-ink">
            {money(t.amount, t.currency)}
          </dd>
        ))
      )}
    </div>
  );
}

function IncomeStatementView({ slug, data }: { slug: string; data: IncomeStatement }) {
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Totals title="Income" items={data.totalIncome} />
        <Totals title="Expenses" items={data.totalExpenses} />
        <Totals title="Net income" items={data.netIncome} />
      </dl>
      <IncomeStatementTable slug={slug} data={data} />
    </div>
  );
}

function BalanceSheetView({ slug, data }: { slug: string; data: BalanceSheet }) {
  return (
    <div className="flex flex-col gap-6">
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Totals title="Total assets" items={data.totalAssets} />
        <Totals title="Liabilities and equity" items={data.totalLiabilitiesAndEquity} />
        <Totals title="Earnings not yet closed" items={data.unclosedEarnings} />
      </dl>
      {data.balanced ? (
        <Alert tone="success">Assets equal liabilities and equity in every currency.</Alert>
      ) : (
        <Alert>Assets and liabilities with equity differ: the books do not balance.</Alert>
      )}
      <Section id="bs-assets-heading" title="Assets">
        <AmountsTable slug={slug} asOf={data.asOf} caption="Assets by account" rows={data.assets} totalLabel="Total assets" totals={data.totalAssets} empty="No assets." />
      </Section>
      <Section id="bs-liabilities-heading" title="Liabilities">
        <AmountsTable slug={slug} asOf={data.asOf} caption="Liabilities by account" rows={data.liabilities} totalLabel="" totals={[]} empty="No liabilities." />
      </Section>
      <Section id="bs-equity-heading" title="Equity" description="Earnings not yet closed into retained earnings count as equity.">
        <AmountsTable
          slug={slug}
          asOf={data.asOf}
          caption="Equity by account"
          rows={data.equity}
          totalLabel="Earnings not yet closed"
          totals={data.unclosedEarnings}
          empty="No equity."
        />
      </Section>
    </div>
  );
}

function csvHref(tenantId: string | null, report: ReportName, from: string | undefined, to: string | undefined, columns: PlColumns, compare: PlCompare): string | null {
  if (!tenantId) return null;
  const params = new URLSearchParams({ tenant: tenantId, report });
  if (report !== "balance-sheet" && from) params.set("from", from);
  if (to) params.set("to", to);
  if (report === "income-statement" && columns !== "total") params.set("columns", columns);
  if (report === "income-statement" && compare !== "none") params.set("compare", compare);
  return `/api/accounting/report?${params.toString()}`;
}

export function Reports({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const tenantId = useTenantId();
  const report = readReport(params.get("report"));
  const from = parseDay(params.get("from"));
  const to = parseDay(params.get("to"));
  const asOf = parseDay(params.get("asOf"));
  const columns = readColumns(params.get("columns"));
  const compare = readCompare(params.get("compare"));
  const { format } = useMoney();
  const keep = { placeholderData: <T,>(previous: T | undefined) => previous };
  const trial = useQuery(trpc.accounting.reports.trialBalance.queryOptions(rangeInput(from, to), { enabled: report === "trial-balance", ...keep }));
  const pl = useQuery(trpc.accounting.reports.incomeStatement.queryOptions(incomeStatementInput(from, to, columns, compare), { enabled: report === "income-statement", ...keep }));
  const sheet = useQuery(trpc.accounting.reports.balanceSheet.queryOptions(asOfInput(asOf), { enabled: report === "balance-sheet", ...keep }));
  const current = report === "trial-balance" ? trial : report === "income-statement" ? pl : sheet;

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  // Columns and comparisons need both dates: this year's (in the organization's time zone) fill the empty ones.
  const choosePl = (changes: { columns?: PlColumns; compare?: PlCompare }) => {
    const next = { columns: changes.columns ?? columns, compare: changes.compare ?? compare };
    const year = format.dayKey(new Date()).slice(0, 4);
    const needsDates = next.columns !== "total" || next.compare !== "none";
    go({
      columns: next.columns === "total" ? undefined : next.columns,
      compare: next.compare === "none" ? undefined : next.compare,
      ...(needsDates && !from ? { from: `${year}-01-01` } : {}),
      ...(needsDates && !to ? { to: `${year}-12-31` } : {}),
    });
  };
  const href = csvHref(tenantId, report, from, report === "balance-sheet" ? asOf : to, columns, compare);

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Reports</h1>
        <p className="mt-1 text-sm text-ink-muted">From the posted entries only. Amounts are per currency and never added across currencies.</p>
      </div>
      <nav aria-label="Reports" className="flex flex-wrap gap-2">
        {REPORT_TABS.map((tab) => (
          <Link
            key={tab.key}
            href={`${pathname}?report=${tab.key}`}
            aria-current={tab.key === report ? "page" : undefined}
            className={clsx("rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset", tab.key === report ? "bg-brand-50 text-brand-800 ring-brand-300" : "text-ink-muted ring-gray-300 hover:text-ink")}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <form className="flex flex-wrap items-end gap-2" aria-label="Report dates" onSubmit={(e) => e.preventDefault()}>
          {report === "balance-sheet" ? (
            <TextField label="As of" type="date" value={asOf ?? ""} hint="Empty: everything posted." onChange={(e) => go({ asOf: parseDay(e.target.value) })} />
          ) : (
            <>
              <TextField label="From" type="date" value={from ?? ""} onChange={(e) => go({ from: parseDay(e.target.value) })} />
              <TextField label="To" type="date" value={to ?? ""} onChange={(e) => go({ to: parseDay(e.target.value) })} />
              {report === "income-statement" && (
                <>
                  <SelectField label="Columns" value={columns} onChange={(e) => choosePl({ columns: readColumns(e.target.value) })}>
                    {COLUMN_CHOICES.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </SelectField>
                  <SelectField label="Compare with" value={compare} onChange={(e) => choosePl({ compare: readCompare(e.target.value) })}>
                    {COMPARE_CHOICES.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </SelectField>
                </>
              )}
            </>
          )}
        </form>
        {href && (
          <a href={href} download className={clsx(buttonClass("secondary"), "shrink-0 self-start whitespace-nowrap sm:self-end")}>
            Download CSV
          </a>
        )}
      </div>
      <Section id="report-heading" title={REPORT_TABS.find((t) => t.key === report)!.label}>
        {current.isPending ? (
          <>
            <span className="sr-only" role="status">
              Loading the report…
            </span>
            <TableSkeleton rows={6} />
          </>
        ) : current.isError && !current.data ? (
          <LoadError message={`Could not load the report: ${refusalText(current.error)}`} retrying={current.isFetching} onRetry={() => void current.refetch()} />
        ) : (
          <div className={clsx("transition-opacity", current.isPlaceholderData && "opacity-60")} aria-busy={current.isFetching || undefined}>
            {current.isError && <Alert>{refusalText(current.error)}</Alert>}
            {report === "trial-balance" && trial.data && <TrialBalanceTable slug={slug} data={trial.data} />}
            {report === "income-statement" && pl.data && <IncomeStatementView slug={slug} data={pl.data} />}
            {report === "balance-sheet" && sheet.data && <BalanceSheetView slug={slug} data={sheet.data} />}
          </div>
        )}
      </Section>
    </div>
  );
}
