import type { HomeMetric, HomeMetricValue } from "../../home-types";
import type { DashboardFigures } from "./service";

const money = <T extends { currency: string }>(rows: T[], amount: (row: T) => bigint): HomeMetricValue[] => rows.map((row) => ({ kind: "money", currency: row.currency, amountMinor: amount(row) }));

/** The dashboard's headline figures as cards (the dashboard page and the tenant home draw the same). */
export function dashboardMetrics(d: DashboardFigures): HomeMetric[] {
  const openDeals = d.pipeline.figures.reduce((n, f) => n + f.count, 0);
  const closed = d.winRate.won + d.winRate.lost;
  return [
    {
      id: "revenue",
      label: "Revenue",
      values: money(d.revenue.figures, (f) => f.amountMinor),
      changes: d.revenue.figures.map((f) => ({ currency: f.currency, percent: f.changePercent })),
      comparedWith: d.revenue.compared,
      href: d.revenue.href,
      empty: "No revenue in this period.",
    },
    {
      id: "revenue-ytd",
      label: "Revenue, year to date",
      values: money(d.revenueYearToDate.figures, (f) => f.amountMinor),
      changes: d.revenueYearToDate.figures.map((f) => ({ currency: f.currency, percent: f.changePercent })),
      comparedWith: d.revenueYearToDate.compared,
      href: d.revenueYearToDate.href,
      empty: "No revenue this year.",
    },
    {
      id: "receivables",
      label: "Receivables outstanding",
      values: money(d.receivables.figures, (f) => f.outstandingMinor),
      href: d.receivables.href,
      empty: "Nothing owed to you.",
      secondary: { label: "Overdue", values: money(d.receivables.figures, (f) => f.overdueMinor), href: d.receivables.overdueHref, tone: "danger" },
    },
    {
      id: "cash",
      label: "Cash position",
      values: money(d.cash.figures, (f) => f.amountMinor),
      href: d.cash.href,
      empty: "No cash or bank postings yet.",
    },
    {
      id: "pipeline",
      label: "Weighted pipeline",
      values: money(d.pipeline.figures, (f) => f.weightedMinor),
      href: d.pipeline.href,
      empty: "No open deals.",
      secondary: { label: "Open deals", values: [{ kind: "count", value: openDeals }], href: d.pipeline.href },
    },
    {
      id: "win-rate",
      label: "Win rate",
      values: d.winRate.percent === null ? [] : [{ kind: "percent", value: d.winRate.percent }],
      href: d.winRate.href,
      empty: "No deals closed in this period.",
      secondary: { label: `Won, of ${closed} closed`, values: [{ kind: "count", value: d.winRate.won }], href: d.winRate.href },
    },
    {
      id: "stock",
      label: "Stock value",
      values: money(d.stock.figures, (f) => f.amountMinor),
      href: d.stock.href,
      empty: "No stock on hand.",
      secondary: { label: "Low stock", values: [{ kind: "count", value: d.stock.lowStockCount }], href: d.stock.lowStockHref, ...(d.stock.lowStockCount > 0 ? { tone: "danger" as const } : {}) },
    },
  ];
}
