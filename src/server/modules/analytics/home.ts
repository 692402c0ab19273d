import type { HomeContribution } from "../home-types";
import { getDashboard } from "./dashboard/service";

/** The dashboard's headline cards (this month to date) on the tenant home; nothing for an organization with no figures yet. */
export const analyticsHome: HomeContribution = {
  async sections(tx, ctx) {
    const dashboard = await getDashboard(tx, ctx.actor, {});
    if (dashboard.empty) return [];
    return [
      {
        kind: "metrics",
        id: "analytics-metrics",
        title: "Key figures, this month",
        description: "Each figure opens the list or report it comes from.",
        metrics: dashboard.metrics,
        more: { label: "Analytics", href: "/analytics" },
      },
    ];
  },
};
