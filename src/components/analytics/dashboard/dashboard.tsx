"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useFormat } from "@/components/format/format-provider";
import { MetricCards } from "@/components/home/metric-cards";
import { parseDay } from "@/components/records/list-state";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import type { Formatter } from "@/lib/format";
import type { Dashboard } from "@/server/modules/analytics/dashboard/service";
import { rangePresets } from "@/server/modules/analytics/validation";
import { useTRPC } from "@/trpc/client";
import { AgingChart, PipelineChart, RevenueExpensesChart } from "./charts";
import { dashboardInput } from "./first-page";

/*
 * /t/[slug]/analytics: the headline figures (the same cards as the home), the charts and
 * the top customers and products for a date range kept in the URL (?from&to; none: this
 * month to date in the organization's time zone). Every figure links to the list or
 * report it comes from.
 */

function RangePicker({ data, onChange }: { data: Dashboard; onChange: (range: { from: string; to: string }) => void }) {
  const format = useFormat();
  const presets = rangePresets(data.today, data.fiscalYearStartMonth);
  const [from, setFrom] = useState(data.from);
  const [to, setTo] = useState(data.to);
  const [shown, setShown] = useState({ from: data.from, to: data.to });
  // The range changed from outside (a preset, the back button): the inputs follow it.
  if (shown.from !== data.from || shown.to !== data.to) {
    setShown({ from: data.from, to: data.to });
    setFrom(data.from);
    setTo(data.to);
  }
  const valid = Boolean(parseDay(from) && parseDay(to)) && from <= to;
  return (
    <div className="flex flex-col gap-3">
      <div role="group" aria-label="Preset ranges" className="flex flex-wrap gap-2">
        {presets.map((preset) => {
          const active = preset.from === data.from && preset.to === data.to;
          return (
            <button key={preset.key} type="button" aria-pressed={active} className={buttonClass(active ? "primary" : "secondary", "px-3 py-1.5 text-sm")} onClick={() => onChange(preset)}>
              {preset.label}
            </button>
          );
        })}
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label="Date range"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onChange({ from, to });
        }}
      >
        <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" disabled={!valid} className={buttonClass("secondary", "px-3 py-2 text-sm")}>
          Show
        </button>
        <p className="basis-full text-xs text-ink-muted">
          {format.day(data.from)} – {format.day(data.to)} · year to date from {format.day(data.revenueYearToDate.period.from)}
        </p>
      </form>
    </div>
  );
}

function TopTable({ title, rows, base, format, empty, nameHeader }: { title: string; rows: { key: string; name: string; detail?: string; href: string | null; currency: string; amountMinor: bigint }[]; base: string; format: Formatter; empty: string; nameHeader: string }) {
  return (
    <Card title={title}>
      {rows.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-ink-muted">
              <th scope="col" className="py-1 font-medium">{nameHeader}</th>
              <th scope="col" className="py-1 text-right font-medium">Sales, net of tax</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row" className="py-1.5 text-left font-normal">
                  {row.href ? (
                    <Link href={`${base}${row.href}`} className="font-medium text-ink hover:underline">
                      {row.name}
                    </Link>
                  ) : (
                    <span className="font-medium text-ink">{row.name}</span>
                  )}
                  {row.detail && <span className="block text-xs text-ink-muted">{row.detail}</span>}
                </th>
                <td className="py-1.5 text-right tabular-nums text-ink">{format.money(row.amountMinor, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function NewOrganization({ base }: { base: string }) {
  return (
    <EmptyState title="Nothing to chart yet.">
      <p>The dashboard adds up what the other modules record: posted invoices and bills, payments, stock and deals.</p>
      <p className="mt-2 flex flex-wrap justify-center gap-3">
        <Link href={`${base}/accounting/invoices/new`} className="font-medium text-brand-700 hover:underline">
          Write an invoice
        </Link>
        <Link href={`${base}/crm/deals/new`} className="font-medium text-brand-700 hover:underline">
          Add a deal
        </Link>
        <Link href={`${base}/inventory/products/new`} className="font-medium text-brand-700 hover:underline">
          Add a product
        </Link>
      </p>
    </EmptyState>
  );
}

export function AnalyticsDashboard({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const format = useFormat();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const base = `/t/${slug}`;
  const input = dashboardInput(params.get("from"), params.get("to"));
  const dashboard = useQuery(trpc.analytics.dashboard.get.queryOptions(input, { placeholderData: (previous) => previous }));
  const data = dashboard.data;
  const setRange = (range: { from: string; to: string }) => router.replace(`${pathname}?from=${range.from}&to=${range.to}`, { scroll: false });

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Dashboard</h1>
        <p className="mt-1 text-sm text-ink-muted">The organization&apos;s key figures, from its books, stock and deals. Each figure opens the list or report behind it; amounts in different currencies are shown apart.</p>
      </div>

      {dashboard.isPending ? (
        <div className="flex flex-col gap-4" aria-busy="true">
          <span className="sr-only" role="status">
            Loading the dashboard…
          </span>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="h-24 animate-pulse rounded-card bg-surface-sunken" />
            ))}
          </div>
          <div className="h-64 animate-pulse rounded-card bg-surface-sunken" />
        </div>
      ) : dashboard.isError && !data ? (
        <LoadError message={`Could not load the dashboard: ${readServerError(dashboard.error).message}`} retrying={dashboard.isFetching} onRetry={() => void dashboard.refetch()} />
      ) : data ? (
        <div className={clsx("flex flex-col gap-6 transition-opacity", dashboard.isPlaceholderData && "opacity-60")} aria-busy={dashboard.isFetching || undefined}>
          <RangePicker data={data} onChange={setRange} />
          {dashboard.isError && <p className="text-sm text-danger-700">{readServerError(dashboard.error).message}</p>}
          {data.empty ? (
            <NewOrganization base={base} />
          ) : (
            <>
              <MetricCards metrics={data.metrics} base={base} format={format} label="Key figures" />
              <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
                <RevenueExpensesChart data={data} base={base} format={format} />
                <AgingChart data={data} base={base} format={format} />
                <PipelineChart data={data} base={base} format={format} />
                <div className="grid grid-cols-1 gap-6">
                  <TopTable
                    title="Top customers"
                    nameHeader="Customer"
                    rows={data.topCustomers.map((c) => ({ key: `${c.companyId ?? c.contactId}-${c.currency}`, name: c.partyName, detail: `${format.number(c.documents)} documents`, href: c.href, currency: c.currency, amountMinor: c.amountMinor }))}
                    base={base}
                    format={format}
                    empty="No sales in this period."
                  />
                  <TopTable
                    title="Top products"
                    nameHeader="Product"
                    rows={data.topProducts.map((p) => ({ key: `${p.productId}-${p.currency}`, name: p.name, detail: `${p.sku} · ${p.quantity} sold`, href: p.href, currency: p.currency, amountMinor: p.amountMinor }))}
                    base={base}
                    format={format}
                    empty="No products sold in this period."
                  />
                </div>
              </div>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
