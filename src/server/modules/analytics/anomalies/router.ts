import { createTRPCRouter, roleProcedure } from "../../../api/trpc";
import { ANALYTICS } from "../permissions";
import { anomalyChart, anomalyIdInput, anomalyListInput, anomalySeriesInput, listAnomalies, markAnomalySeen } from "./service";

/* analytics.anomalies: the flagged days, one series' chart with its band, and marking a day seen. Every plan. */
export const anomaliesRouter = createTRPCRouter({
  list: roleProcedure(ANALYTICS.read).input(anomalyListInput).query(({ ctx, input }) => listAnomalies(ctx.db, input)),
  chart: roleProcedure(ANALYTICS.read).input(anomalySeriesInput).query(({ ctx, input }) => anomalyChart(ctx.db, input)),
  markSeen: roleProcedure(ANALYTICS.refresh).input(anomalyIdInput).mutation(({ ctx, input }) => markAnomalySeen(ctx.db, ctx.actor, input)),
});
