"use client";

import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useFormat } from "@/components/format/format-provider";
import { Section } from "@/components/inventory/parts";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ListFooter, LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import { FEATURE_LABELS, PLAN_ORDER, type BillingInterval } from "@/server/modules/orgs/plans";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/types";

/*
 * Settings → Billing: the plan in force and the subscription, the plans with their per-seat
 * prices (owners upgrade through Stripe Checkout), the usage meters, and Stripe's invoices.
 * The plan changes only when Stripe confirms (the webhook): after a checkout the page polls.
 */

type Overview = RouterOutputs["billing"]["overview"];

const STATUS_LABELS: Record<string, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Payment past due",
  canceled: "Cancelled",
  unpaid: "Unpaid",
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
  paused: "Paused",
};

/** After a checkout, the overview is re-read this often, for this long, until the plan changes. */
const POLL_MS = 2_000;
const POLL_FOR_MS = 60_000;

export function BillingSettings({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const checkout = params.get("checkout");
  const [pollUntil] = useState(() => (checkout === "success" ? Date.now() + POLL_FOR_MS : 0));
  const [startPlan, setStartPlan] = useState<string | null>(null);
  const overview = useQuery({
    ...trpc.billing.overview.queryOptions(),
    refetchInterval: (query) => {
      const plan = query.state.data?.plan;
      if (Date.now() > pollUntil) return false;
      return startPlan === null || plan === startPlan ? POLL_MS : false;
    },
  });
  useEffect(() => {
    if (startPlan === null && overview.data) setStartPlan(overview.data.plan);
  }, [overview.data, startPlan]);

  if (overview.isPending) {
    return (
      <p role="status" className="text-sm text-ink-muted">
        Loading billing…
      </p>
    );
  }
  if (overview.isError) return <LoadError message={`Could not load billing: ${readServerError(overview.error).message}`} retrying={overview.isFetching} onRetry={() => void overview.refetch()} />;
  const data = overview.data;
  const upgraded = startPlan !== null && data.plan !== startPlan;

  return (
    <div className="flex flex-col gap-6">
      {checkout === "success" && (
        <Alert tone="success">
          {upgraded
            ? `Thank you: ${data.planLabel} is now in force.`
            : "Thank you: the payment went through Stripe. Your plan updates here once Stripe confirms it, usually within a few seconds."}
        </Alert>
      )}
      {checkout === "cancelled" && <Alert tone="info">Checkout was cancelled: nothing was charged and your plan is unchanged.</Alert>}
      {!data.stripeConfigured && <Alert tone="info">Stripe is not configured on this server; the platform administrator sets plans.</Alert>}
      <CurrentPlan data={data} canManage={canManage} />
      <Plans data={data} canManage={canManage} />
      <Meters data={data} />
      {data.stripeConfigured && <Invoices />}
    </div>
  );
}

function CurrentPlan({ data, canManage }: { data: Overview; canManage: boolean }) {
  const trpc = useTRPC();
  const format = useFormat();
  const portal = useMutation(trpc.billing.openPortal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const sub = data.subscription;
  const manage =
    data.stripeConfigured && sub ? (
      canManage ? (
        <Button type="button" variant="secondary" pending={portal.isPending || portal.isSuccess} onClick={() => portal.mutate()}>
          Manage billing
        </Button>
      ) : (
        <p className="text-sm text-ink-muted">Only owners can manage billing.</p>
      )
    ) : null;
  return (
    <Section id="billing-current" title="Current plan" action={manage}>
      <div className="flex flex-col gap-2 text-sm">
        <p>
          <span className="text-2xl font-semibold text-ink" data-testid="current-plan">
            {data.planLabel}
          </span>
          {sub && <span className="ml-2 rounded-full bg-surface-sunken px-2 py-0.5 text-xs font-medium text-ink-muted">{STATUS_LABELS[sub.status] ?? sub.status}</span>}
        </p>
        {sub ? (
          <ul className="flex flex-col gap-1 text-ink-muted">
            <li>
              {sub.seats} {sub.seats === 1 ? "seat" : "seats"}
              {sub.interval ? `, billed ${sub.interval}` : ""}
            </li>
            {sub.trialEnd && sub.status === "trialing" && <li>Trial ends on {format.date(sub.trialEnd)}</li>}
            {sub.currentPeriodEnd && sub.status !== "canceled" && (
              <li>{sub.cancelAtPeriodEnd ? `Cancelled: ends on ${format.date(sub.currentPeriodEnd)}, then Free` : `Renews on ${format.date(sub.currentPeriodEnd)}`}</li>
            )}
          </ul>
        ) : (
          <p className="text-ink-muted">{data.plan === "free" ? "No paid subscription." : "Set by the platform administrator (no Stripe subscription)."}</p>
        )}
        {sub?.status === "past_due" && sub.graceEndsAt && (
          <Alert>
            The last payment failed. {data.planLabel} stays in force until {format.date(sub.graceEndsAt)}; after that Free limits apply (nothing is deleted).
            {canManage ? " Update the payment method with Manage billing." : " An owner can update the payment method."}
          </Alert>
        )}
        {portal.isError && <Alert>Could not open the billing portal: {readServerError(portal.error).message}</Alert>}
      </div>
    </Section>
  );
}

function limitText(limit: number | null, format: ReturnType<typeof useFormat>): string {
  return limit === null ? "Unlimited" : format.number(limit);
}

function Plans({ data, canManage }: { data: Overview; canManage: boolean }) {
  const trpc = useTRPC();
  const format = useFormat();
  const [interval, setBillingInterval] = useState<BillingInterval>("monthly");
  const [choosing, setChoosing] = useState<string | null>(null);
  const start = useMutation(trpc.billing.startCheckout.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url), onError: () => setChoosing(null) }));
  const current = PLAN_ORDER.indexOf(data.plan);
  const labels = Object.fromEntries(data.meters.map((m) => [m.key, m.label]));
  const switcher = (
    <div role="group" aria-label="Billing interval" className="inline-flex rounded-lg border border-gray-300 p-0.5">
      {(["monthly", "yearly"] as const).map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={interval === option}
          onClick={() => setBillingInterval(option)}
          className={clsx("rounded-md px-3 py-1 text-sm font-medium", interval === option ? "bg-brand-600 text-white" : "text-ink-muted hover:text-ink")}
        >
          {option === "monthly" ? "Monthly" : "Yearly"}
        </button>
      ))}
    </div>
  );
  return (
    <Section id="billing-plans" title="Plans" description="Paid plans are billed per seat." action={switcher}>
      {start.isError && <Alert>Could not start the upgrade: {readServerError(start.error).message}</Alert>}
      {!canManage && <p className="text-sm text-ink-muted">Only owners can change the plan: ask an owner of this organization to upgrade.</p>}
      <ul className="grid gap-4 md:grid-cols-3">
        {data.pricing.map((row) => {
          const price = row.prices[interval];
          const isCurrent = row.plan === data.plan;
          const higher = PLAN_ORDER.indexOf(row.plan) > current;
          return (
            <li key={row.plan} aria-label={row.label} className={clsx("flex flex-col gap-3 rounded-lg border p-4", isCurrent ? "border-brand-600" : "border-gray-200")}>
              <div>
                <h3 className="text-base font-semibold text-ink">
                  {row.label}
                  {isCurrent && <span className="ml-2 text-xs font-medium text-brand-700">Current plan</span>}
                </h3>
                <p className="text-sm text-ink-muted">
                  {row.plan === "free"
                    ? "Free"
                    : price?.unitAmount != null && price.currency
                      ? `${format.money(price.unitAmount, price.currency.toUpperCase())} per seat / ${interval === "monthly" ? "month" : "year"}`
                      : data.stripeConfigured && !price
                        ? `Not sold ${interval} on this server`
                        : null}
                </p>
              </div>
              <ul className="flex flex-col gap-1 text-sm text-ink-muted">
                {Object.entries(row.limits).map(([key, limit]) => (
                  <li key={key}>
                    {labels[key] ?? key}: {limitText(limit, format)}
                  </li>
                ))}
                {row.features.map((feature) => (
                  <li key={feature}>✓ {FEATURE_LABELS[feature]}</li>
                ))}
              </ul>
              {canManage && higher && data.stripeConfigured && price && (
                <Button
                  type="button"
                  className="mt-auto"
                  pending={choosing === row.plan}
                  disabled={choosing !== null}
                  onClick={() => {
                    setChoosing(row.plan);
                    if (row.plan !== "free") start.mutate({ plan: row.plan, interval });
                  }}
                >
                  Upgrade to {row.label}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function Meters({ data }: { data: Overview }) {
  const format = useFormat();
  return (
    <Section id="billing-usage" title="Usage" description={`What the ${data.planLabel} plan allows and how much is used.`}>
      <ul className="flex flex-col gap-4">
        {data.meters.map((meter) => {
          const share = meter.used !== null && meter.limit ? Math.min(1, meter.used / meter.limit) : meter.limit === 0 ? 1 : 0;
          return (
            <li key={meter.key} className="flex flex-col gap-1" data-testid={`meter-${meter.key}`}>
              <div className="flex justify-between gap-2 text-sm">
                <span className="font-medium text-ink">{meter.label}</span>
                <span className="text-ink-muted">
                  {meter.used === null
                    ? `Limit ${limitText(meter.limit, format)} · not counted yet`
                    : meter.limit === null
                      ? `${format.number(meter.used)} · unlimited`
                      : `${format.number(meter.used)} of ${format.number(meter.limit)}`}
                </span>
              </div>
              {meter.used !== null && meter.limit !== null && (
                <div
                  role="meter"
                  aria-label={meter.label}
                  aria-valuemin={0}
                  aria-valuemax={meter.limit}
                  aria-valuenow={Math.min(meter.used, meter.limit)}
                  className="h-2 overflow-hidden rounded-full bg-surface-sunken"
                >
                  <div className={clsx("h-full rounded-full", share >= 1 ? "bg-danger-600" : share >= 0.8 ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${share * 100}%` }} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

const PAGE_SIZE = 10;

function Invoices() {
  const trpc = useTRPC();
  const format = useFormat();
  const list = useInfiniteQuery(trpc.billing.invoices.infiniteQueryOptions({ limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }));
  const invoices = list.data?.pages.flatMap((page) => page.invoices) ?? [];
  return (
    <Section id="billing-invoices" title="Invoices">
      {list.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading invoices…
        </p>
      ) : list.isError ? (
        <LoadError message={`Could not load invoices: ${readServerError(list.error).message}`} retrying={list.isFetching} onRetry={() => void list.refetch()} />
      ) : invoices.length === 0 ? (
        <EmptyState title="No invoices yet">Stripe sends an invoice for each billing period once the organization has a paid plan.</EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-ink-faint">
                <tr>
                  <th scope="col" className="py-2 pr-4">Date</th>
                  <th scope="col" className="py-2 pr-4">Number</th>
                  <th scope="col" className="py-2 pr-4 text-right">Amount</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2"><span className="sr-only">Link</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-100">
                {invoices.map((invoice) => (
                  <tr key={invoice.id}>
                    <td className="py-2 pr-4">{format.date(invoice.created)}</td>
                    <td className="py-2 pr-4">{invoice.number ?? "—"}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{format.money(invoice.total, invoice.currency.toUpperCase())}</td>
                    <td className="py-2 pr-4 capitalize">{invoice.status ?? "—"}</td>
                    <td className="py-2 text-right">
                      {invoice.hostedInvoiceUrl && (
                        <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline">
                          View<span className="sr-only"> invoice {invoice.number ?? ""}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ListFooter summary={`${invoices.length} ${invoices.length === 1 ? "invoice" : "invoices"}`} hasMore={Boolean(list.hasNextPage)} loadingMore={list.isFetchingNextPage} onLoadMore={() => void list.fetchNextPage()} />
        </>
      )}
    </Section>
  );
}
