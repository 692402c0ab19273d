"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";
import { FeatureGate } from "@/components/billing/feature-gate";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { useFormat } from "@/components/format/format-provider";
import { ANALYTICS } from "@/server/modules/analytics/permissions";
import type { StoredForecast } from "@/server/modules/analytics/forecast/service";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { ForecastChart } from "./forecast-chart";

/* /t/[slug]/analytics/forecasts: revenue, expenses and the top products' demand, each with its forecast, intervals and backtest accuracy. */

/** The plan lacks `forecasting`. */
export function ForecastPlanGate({ slug, role, planLabel }: { slug: string; role: MemberRole; planLabel: string }) {
  return (
    <FeatureGate
      feature="forecasting"
      title="Forecasting is a paid feature"
      slug={slug}
      role={role}
      describe={(plan) => (
        <>
          Forecasts of revenue, expenses and product demand with their prediction intervals, and the reorder suggestions they make, come with the{" "}
          {plan ? `${plan} plan and up` : "paid plans"}; your {planLabel} plan does not include them.
        </>
      )}
    />
  );
}

const figure = (value: number, digits = 2) => value.toFixed(digits);

function AccuracyTable({ forecast }: { forecast: StoredForecast }) {
  const accuracy = forecast.accuracy;
  if (!accuracy) return <p className="text-sm text-ink-muted">Accuracy: not measured yet (too little history to hold some back).</p>;
  const better = accuracy.mase < accuracy.baseline.mase;
  return (
    <table className="w-full max-w-md text-sm" aria-label={`Backtest accuracy of ${forecast.label}`} data-testid="accuracy-table">
      <caption className="pb-1 text-left text-xs text-ink-muted">
        Backtest: {accuracy.horizon} months ahead from {accuracy.origins} past origins (lower is better)
      </caption>
      <thead>
        <tr className="text-left text-xs text-ink-muted">
          <th scope="col" className="py-1 font-medium">Method</th>
          <th scope="col" className="py-1 text-right font-medium">MASE</th>
          <th scope="col" className="py-1 text-right font-medium">sMAPE</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-gray-100">
        <tr>
          <th scope="row" className="py-1 text-left font-medium text-ink">
            {forecast.method} <span className="font-normal text-ink-muted">(chosen)</span>
          </th>
          <td className={`py-1 text-right tabular-nums ${better ? "text-success-700" : ""}`}>{figure(accuracy.mase)}</td>
          <td className="py-1 text-right tabular-nums">{figure(accuracy.smape, 1)}%</td>
        </tr>
        <tr>
          <th scope="row" className="py-1 text-left font-normal text-ink-muted">Seasonal naive</th>
          <td className="py-1 text-right tabular-nums">{figure(accuracy.baseline.mase)}</td>
          <td className="py-1 text-right tabular-nums">{figure(accuracy.baseline.smape, 1)}%</td>
        </tr>
      </tbody>
    </table>
  );
}

function ForecastCard({ forecast }: { forecast: StoredForecast }) {
  const format = useFormat();
  const headingId = useId();
  const unit = forecast.kind === "demand" ? "units" : forecast.currency!;
  const show = (value: number) => (forecast.currency ? format.money(Math.round(value), forecast.currency) : format.number(Math.round(value)));
  const months = forecast.history.periods.length;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-card border border-gray-200 bg-white p-5 shadow-sm" data-testid="forecast-card">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-ink">
          {forecast.label}
        </h3>
        <p className="text-xs text-ink-muted">
          Method: <span className="font-medium text-ink">{forecast.method}</span> · fitted {format.relative(forecast.fittedAt)} · {unit}
        </p>
      </div>
      <ForecastChart label={forecast.label} history={forecast.history} points={forecast.points} format={show} />
      {months < 24 && (
        <p className="text-sm text-ink-muted" data-testid="short-history">
          Only {months} {months === 1 ? "month" : "months"} of history: a yearly pattern needs two full years, so this forecast follows the level and trend only and its intervals are wide.
        </p>
      )}
      <AccuracyTable forecast={forecast} />
      {forecast.notes.length > 0 && (
        <ul className="list-disc pl-5 text-xs text-ink-muted">
          {forecast.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Forecasts({ slug, role }: { slug: string; role: MemberRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.analytics.forecasts.list.queryOptions());
  const refresh = useMutation(
    trpc.analytics.forecasts.refresh.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.analytics.forecasts.pathFilter()),
    }),
  );
  const canRefresh = roleAtLeast(role, ANALYTICS.refresh);
  const data = list.data;
  const money = data?.enabled ? data.forecasts.filter((f) => f.kind !== "demand") : [];
  const demand = data?.enabled ? data.forecasts.filter((f) => f.kind === "demand") : [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h1 className="text-2xl font-semibold text-ink">Forecasts</h1>
          <p className="mt-1 text-sm text-ink-muted">
            Monthly revenue, expenses and your best-selling products&apos; demand for the next 12 months, with 80% and 95% prediction intervals. The model is chosen
            automatically (exponential smoothing by AICc) and checked against seasonal naive on past data. Recomputed every night when the books change.
          </p>
        </div>
        {data?.enabled && canRefresh && (
          <Button pending={refresh.isPending} onClick={() => refresh.mutate()}>
            Recompute
          </Button>
        )}
      </div>
      {refresh.isError && <Alert>Could not recompute: {readServerError(refresh.error).message}</Alert>}
      {refresh.data && (
        <p role="status" className="text-sm text-ink-muted">
          {refresh.data.fitted.length ? `Refitted ${refresh.data.fitted.length} ${refresh.data.fitted.length === 1 ? "series" : "series"}` : "Nothing changed since the last fit"}
          {refresh.data.unchanged ? ` (${refresh.data.unchanged} unchanged)` : ""}.
        </p>
      )}
      {list.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading forecasts…
        </p>
      ) : list.isError ? (
        <LoadError message={`Could not load the forecasts: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : !data!.enabled ? (
        <ForecastPlanGate slug={slug} role={role} planLabel={data!.planLabel} />
      ) : data!.forecasts.length === 0 ? (
        <EmptyState title="No forecasts yet.">
          Forecasts need at least two complete months of posted revenue, expenses or shipments. {canRefresh ? "Recompute once there is some." : ""}
        </EmptyState>
      ) : (
        <>
          {money.length > 0 && (
            <div className="flex flex-col gap-4">
              <h2 className="text-lg font-semibold text-ink">Revenue and expenses</h2>
              {money.map((f) => (
                <ForecastCard key={f.seriesKey} forecast={f} />
              ))}
            </div>
          )}
          {demand.length > 0 && (
            <div className="flex flex-col gap-4">
              <h2 className="text-lg font-semibold text-ink">Product demand</h2>
              <p className="text-sm text-ink-muted">
                Units shipped for sales per month, for the products shipped most over the last year. They drive the reorder suggestions on{" "}
                <Link href={`/t/${slug}/inventory/low-stock`} className="text-brand-700 underline">
                  Low stock
                </Link>
                .
              </p>
              {demand.map((f) => (
                <ForecastCard key={f.seriesKey} forecast={f} />
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
