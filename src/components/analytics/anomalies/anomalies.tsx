"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { FilterSelect, TableSkeleton } from "@/components/records/parts";
import { useFormat } from "@/components/format/format-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { ANALYTICS } from "@/server/modules/analytics/permissions";
import type { StoredAnomaly } from "@/server/modules/analytics/anomalies/service";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { AnomalyChart } from "./anomaly-chart";

/* /t/[slug]/analytics/anomalies (?series=<key>&days=<n>): one series' chart with its expected band, and the flagged days with the transactions behind them. */

const DAY_CHOICES = [90, 180, 365, 730] as const;

/** Where the transactions behind a flagged day are: the account's general ledger for that day, or the day's profit and loss (its income or expense accounts). */
export function transactionsHref(slug: string, anomaly: Pick<StoredAnomaly, "accountId" | "day">): string {
  const range = `from=${anomaly.day}&to=${anomaly.day}`;
  return anomaly.accountId ? `/t/${slug}/accounting/accounts/${anomaly.accountId}?${range}` : `/t/${slug}/accounting/reports?report=income-statement&${range}`;
}

export function Anomalies({ slug, role }: { slug: string; role: MemberRole }) {
  const trpc = useTRPC();
  const format = useFormat();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const days = DAY_CHOICES.find((d) => String(d) === params.get("days")) ?? 180;
  const list = useQuery(trpc.analytics.anomalies.list.queryOptions({ limit: 200 }));
  const firstKey = list.data?.[0]?.seriesKey;
  const seriesKey = params.get("series") ?? firstKey ?? "";
  const chart = useQuery(trpc.analytics.anomalies.chart.queryOptions({ seriesKey, days }, { placeholderData: (previous) => previous }));
  const markSeen = useMutation(trpc.analytics.anomalies.markSeen.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.analytics.anomalies.list.pathFilter()) }));
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(key, value);
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const series = chart.data?.series ?? null;
  const choices = chart.data?.choices ?? [];
  const amount = (value: number, currency: string | null, kind?: string) => (currency && kind !== "account" ? format.money(Math.round(value), currency) : format.number(Math.round(value)));
  const rows = list.data ?? [];

  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-2xl">
        <h1 className="text-2xl font-semibold text-ink">Anomalies</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Days when revenue, expenses or an account&apos;s activity fell outside what the trend and the weekly and yearly pattern lead to expect. Scanned every day; admins
          are notified of new ones.
        </p>
      </div>
      <section aria-labelledby="anomaly-chart-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="anomaly-chart-heading" className="text-base font-semibold text-ink">
          {series?.label ?? "Series"}
        </h2>
        <div className="flex flex-wrap gap-4">
          <FilterSelect label="Series" className="sm:w-80" value={series?.key ?? ""} onChange={(e) => setParam("series", e.target.value)}>
            {!series && <option value="">Choose a series</option>}
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label="Days" className="sm:w-40" value={String(days)} onChange={(e) => setParam("days", e.target.value)}>
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </FilterSelect>
        </div>
        {chart.isPending ? (
          <TableSkeleton rows={4} />
        ) : chart.isError && !chart.data ? (
          <LoadError message={`Could not load the chart: ${readServerError(chart.error).message}`} retrying={chart.isFetching} onRetry={() => void chart.refetch()} />
        ) : !series ? (
          <EmptyState title={choices.length ? "Choose a series." : "Nothing to scan yet."}>
            {choices.length ? "" : "Daily revenue, expenses and accounts' activity are scanned once they have postings on at least half of their days (with fewer, every posting day would look unusual)."}
          </EmptyState>
        ) : (
          <div className={clsx(chart.isPlaceholderData && "opacity-60")}>
            <AnomalyChart label={series.label} points={series.points} format={(v) => amount(v, series.currency, series.kind)} />
            {series.notes.length > 0 && (
              <ul className="mt-2 list-disc pl-5 text-xs text-ink-muted">
                {series.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="anomaly-list-heading" className="flex flex-col gap-4 rounded-card border border-gray-200 bg-white p-5 shadow-sm">
        <h2 id="anomaly-list-heading" className="text-base font-semibold text-ink">
          Flagged days
        </h2>
        {list.isPending ? (
          <TableSkeleton rows={3} />
        ) : list.isError ? (
          <LoadError message={`Could not load the anomalies: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No anomalies found.">Flagged days appear here after the daily scan.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">Flagged days, latest first</caption>
              <thead className="bg-surface-muted text-left text-xs text-ink-muted">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Day</th>
                  <th scope="col" className="px-3 py-2 font-medium">Series</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Actual</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Expected (band)</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">Score</th>
                  <th scope="col" className="px-3 py-2 font-medium">Status</th>
                  <th scope="col" className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {rows.map((a) => (
                  <tr key={a.id}>
                    <td className="px-3 py-2 whitespace-nowrap">{format.day(a.day)}</td>
                    <td className="px-3 py-2">
                      <button type="button" className="text-left text-brand-700 hover:underline" onClick={() => setParam("series", a.seriesKey)}>
                        {a.label}
                      </button>
                    </td>
                    <td className={clsx("px-3 py-2 text-right tabular-nums", a.direction === "high" ? "text-danger-700" : "text-brand-700")}>{amount(a.actual, a.currency, a.kind)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {amount(a.expected, a.currency, a.kind)} <span className="text-xs text-ink-muted">({amount(a.lower, a.currency, a.kind)} – {amount(a.upper, a.currency, a.kind)})</span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{a.score.toFixed(1)}</td>
                    <td className="px-3 py-2">{a.status === "new" ? <span className="font-medium text-ink">New</span> : <span className="text-ink-muted">Seen</span>}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Link href={transactionsHref(slug, a)} className="text-brand-700 hover:underline">
                        Transactions
                      </Link>
                      {a.status === "new" && roleAtLeast(role, ANALYTICS.refresh) && (
                        <Button variant="secondary" className="ml-3" pending={markSeen.isPending && markSeen.variables?.id === a.id} onClick={() => markSeen.mutate({ id: a.id })}>
                          Mark seen
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
