import { createTRPCRouter, gatedRoleProcedure, roleProcedure } from "../../../api/trpc";
import { ANALYTICS } from "../permissions";
import { reorderSuggestions } from "./reorder";
import { forecastsPage, refreshForecasts } from "./service";

/*
 * analytics.forecasts: the stored forecasts (or the plan gate), recompute on demand (fitting runs
 * outside any transaction: gatedRoleProcedure, the tenant entered for the reads and the writes),
 * and the reorder suggestions the inventory low-stock page shows.
 */
export const forecastsRouter = createTRPCRouter({
  list: roleProcedure(ANALYTICS.read).query(({ ctx }) => forecastsPage(ctx.db)),
  refresh: gatedRoleProcedure(ANALYTICS.refresh).mutation(({ ctx }) => refreshForecasts(ctx.withTenant)),
  reorder: roleProcedure(ANALYTICS.read).query(({ ctx }) => reorderSuggestions(ctx.db)),
});
