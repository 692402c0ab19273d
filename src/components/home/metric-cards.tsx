import clsx from "clsx";
import Link from "next/link";
import type { Formatter } from "@/lib/format";
import type { HomeMetric, HomeMetricValue } from "@/server/modules/home-types";

/*
 * Headline figures as a row of cards (the home's "metrics" sections and the analytics
 * dashboard draw the same). No hooks: it renders on the server (home) and in the browser
 * (dashboard) alike, with the formatter it is given. Money is shown per currency, one line
 * each; each figure links to the list or report behind it (paths under the tenant).
 */

function valueText(value: HomeMetricValue, format: Formatter): string {
  if (value.kind === "money") return format.money(value.amountMinor, value.currency);
  if (value.kind === "count") return format.number(value.value);
  return `${format.number(Number(value.value))} %`;
}

function Change({ percent, comparedWith, format }: { percent: string | null; comparedWith?: { from: string; to: string }; format: Formatter }) {
  const against = comparedWith ? ` vs ${format.day(comparedWith.from)} – ${format.day(comparedWith.to)}` : "";
  if (percent === null) return <span className="text-xs text-ink-muted">new{against}</span>;
  const n = Number(percent);
  return (
    <span className={clsx("text-xs", n > 0 ? "text-success-700" : n < 0 ? "text-danger-700" : "text-ink-muted")}>
      {n > 0 ? "▲ +" : n < 0 ? "▼ " : ""}
      {format.number(n)} %{against}
    </span>
  );
}

export function MetricCard({ metric, base, format }: { metric: HomeMetric; base: string; format: Formatter }) {
  const label = metric.href ? (
    <Link href={`${base}${metric.href}`} className="hover:underline">
      {metric.label}
    </Link>
  ) : (
    metric.label
  );
  return (
    <div className="flex flex-col gap-1 rounded-card border border-gray-200 bg-white p-4 shadow-sm" data-metric={metric.id}>
      <dt className="text-xs font-medium uppercase tracking-wide text-ink-faint">{label}</dt>
      {metric.values.length === 0 ? (
        <dd className="text-sm text-ink-muted">{metric.empty}</dd>
      ) : (
        metric.values.map((value, i) => {
          const change = value.kind === "money" ? metric.changes?.find((c) => c.currency === value.currency) : undefined;
          return (
            <dd key={value.kind === "money" ? value.currency : i} className="flex flex-col">
              {metric.href ? (
                <Link href={`${base}${metric.href}`} className="text-lg font-semibold tabular-nums text-ink hover:underline">
                  {valueText(value, format)}
                </Link>
              ) : (
                <span className="text-lg font-semibold tabular-nums text-ink">{valueText(value, format)}</span>
              )}
              {change && <Change percent={change.percent} comparedWith={metric.comparedWith} format={format} />}
            </dd>
          );
        })
      )}
      {metric.secondary && (
        <dd className={clsx("mt-1 text-xs", metric.secondary.tone === "danger" ? "font-medium text-danger-700" : "text-ink-muted")}>
          {metric.secondary.href ? (
            <Link href={`${base}${metric.secondary.href}`} className="hover:underline">
              {metric.secondary.label}: {metric.secondary.values.map((v) => valueText(v, format)).join(" · ") || "none"}
            </Link>
          ) : (
            <>
              {metric.secondary.label}: {metric.secondary.values.map((v) => valueText(v, format)).join(" · ") || "none"}
            </>
          )}
        </dd>
      )}
    </div>
  );
}

export function MetricCards({ metrics, base, format, label }: { metrics: HomeMetric[]; base: string; format: Formatter; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {metrics.map((metric) => (
        <MetricCard key={metric.id} metric={metric} base={base} format={format} />
      ))}
    </dl>
  );
}
