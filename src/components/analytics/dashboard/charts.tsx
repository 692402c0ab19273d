"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Formatter } from "@/lib/format";
import { minorDigits } from "@/lib/money";
import type { Dashboard } from "@/server/modules/analytics/dashboard/service";
import { EmptyState } from "../../ui/card";

/*
 * The dashboard's charts (recharts). Bars are plotted in major units (a float is fine for
 * a bar's height); the tooltips and tables show the exact minor-unit amounts through the
 * formatter. One chart per currency: amounts in different currencies are never added.
 */

const REVENUE = "#2563eb";
const EXPENSES = "#f97316";
const WEIGHTED = "#16a34a";
const AGING = ["#16a34a", "#facc15", "#f97316", "#ef4444", "#991b1b"];

const major = (minor: bigint, currency: string) => Number(minor) / 10 ** minorDigits(currency);

/** Tooltip text: the exact amount kept beside the plotted number (`<key>Text`). */
function moneyTooltip(format: Formatter, currency: string) {
  return (value: unknown, name: unknown, item: { dataKey?: unknown; payload?: Record<string, unknown> }) => {
    const exact = item.payload?.[`${String(item.dataKey)}Minor`];
    return [typeof exact === "string" ? format.money(BigInt(exact), currency) : String(value), String(name)] as [string, string];
  };
}

function ChartFrame({ title, description, href, base, children }: { title: string; description: string; href: string; base: string; children: React.ReactNode }) {
  return (
    <figure className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
      <figcaption className="flex items-start justify-between gap-2">
        <span>
          <span className="block text-base font-semibold text-ink">{title}</span>
          <span className="block text-xs text-ink-muted">{description}</span>
        </span>
        <Link href={`${base}${href}`} className="shrink-0 text-sm font-medium text-brand-700 hover:underline">
          Details
        </Link>
      </figcaption>
      {children}
    </figure>
  );
}

export function RevenueExpensesChart({ data, base, format }: { data: Dashboard; base: string; format: Formatter }) {
  const series = data.charts.revenueVsExpenses;
  const first = series[0]?.months[0];
  const last = series[0]?.months.at(-1);
  const href = first && last ? `/accounting/reports?report=income-statement&from=${first.from}&to=${last.to}&columns=month` : "/accounting/reports?report=income-statement";
  return (
    <ChartFrame title="Revenue and expenses by month" description="Income and expense accounts of the posted ledger." href={href} base={base}>
      {series.length === 0 ? (
        <EmptyState title="No revenue or expenses posted yet." />
      ) : (
        series.map((s) => (
          <div key={s.currency} data-chart="revenue-expenses">
            {series.length > 1 && <p className="text-xs font-semibold uppercase tracking-wide text-ink-muted">{s.currency}</p>}
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={s.months.map((m) => ({ month: format.monthShort(m.from), revenue: major(m.revenueMinor, s.currency), revenueMinor: m.revenueMinor.toString(), expenses: major(m.expensesMinor, s.currency), expensesMinor: m.expensesMinor.toString() }))}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} width={72} tickFormatter={(v: number) => format.compact(v)} />
                <Tooltip formatter={moneyTooltip(format, s.currency)} />
                <Legend />
                <Bar dataKey="revenue" name="Revenue" fill={REVENUE} isAnimationActive={false} />
                <Bar dataKey="expenses" name="Expenses" fill={EXPENSES} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        ))
      )}
    </ChartFrame>
  );
}

const BUCKET_LABELS: Record<string, string> = { current: "Not yet due", days1to30: "1–30 days", days31to60: "31–60 days", days61to90: "61–90 days", over90: "Over 90 days" };

export function AgingChart({ data, base, format }: { data: Dashboard; base: string; format: Formatter }) {
  const series = data.charts.arAging;
  return (
    <ChartFrame title="Receivables by age" description={`What customers owe on ${format.day(data.to)}, by days past due.`} href={data.receivables.href} base={base}>
      {series.length === 0 ? (
        <EmptyState title="No open invoices." />
      ) : (
        series.map((s) => (
          <div key={s.currency} data-chart="ar-aging">
            {series.length > 1 && <p className="text-xs font-semibold uppercase tracking-wide text-ink-muted">{s.currency}</p>}
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={s.buckets.map((b, i) => ({ bucket: BUCKET_LABELS[b.bucket] ?? b.bucket, amount: major(b.amountMinor, s.currency), amountMinor: b.amountMinor.toString(), fill: AGING[i] }))}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="bucket" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} width={72} tickFormatter={(v: number) => format.compact(v)} />
                <Tooltip formatter={moneyTooltip(format, s.currency)} />
                <Bar dataKey="amount" name="Owed" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        ))
      )}
    </ChartFrame>
  );
}

export function PipelineChart({ data, base, format }: { data: Dashboard; base: string; format: Formatter }) {
  const stages = data.pipeline.stages;
  const currencies = data.pipeline.figures.map((f) => f.currency);
  const several = new Set(stages.map((s) => s.pipelineId)).size > 1;
  return (
    <ChartFrame title="Pipeline by stage" description="Open deals: amount and weighted value (amount × win probability)." href={data.pipeline.href} base={base}>
      {stages.length === 0 ? (
        <EmptyState title="No open deals." />
      ) : (
        currencies.map((currency) => (
          <div key={currency} data-chart="pipeline">
            {currencies.length > 1 && <p className="text-xs font-semibold uppercase tracking-wide text-ink-muted">{currency}</p>}
            <ResponsiveContainer width="100%" height={240}>
              <BarChart
                data={stages
                  .filter((s) => s.currency === currency)
                  .map((s) => ({
                    stage: several ? `${s.pipelineName}: ${s.stageName}` : s.stageName,
                    amount: major(s.amountMinor, currency),
                    amountMinor: s.amountMinor.toString(),
                    weighted: major(s.weightedMinor, currency),
                    weightedMinor: s.weightedMinor.toString(),
                  }))}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="stage" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} width={72} tickFormatter={(v: number) => format.compact(v)} />
                <Tooltip formatter={moneyTooltip(format, currency)} />
                <Legend />
                <Bar dataKey="amount" name="Amount" fill={REVENUE} isAnimationActive={false} />
                <Bar dataKey="weighted" name="Weighted" fill={WEIGHTED} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        ))
      )}
    </ChartFrame>
  );
}
