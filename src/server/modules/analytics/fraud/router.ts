import { createTRPCRouter, roleProcedure } from "../../../api/trpc";
import { requireFeature } from "../../orgs/limits";
import { ANALYTICS } from "../permissions";
import { fraudStatus, labelFraudItem, labelInput, listFraudQueue, queueInput, retrainFraudModel } from "./review";
import { scoreUnscored } from "./service";

/** Items scored per refresh request (the job scores new items as they come; this catches up in steps). */
const REFRESH_BATCH = 500;

/** The fraud review queue (admins). Everything but the status needs the plan's `fraud_scores`. */
export const fraudRouter = createTRPCRouter({
  status: roleProcedure(ANALYTICS.review).query(({ ctx }) => fraudStatus(ctx.db)),
  queue: roleProcedure(ANALYTICS.review)
    .input(queueInput)
    .query(async ({ ctx, input }) => {
      await requireFeature(ctx.db, "fraud_scores");
      return listFraudQueue(ctx.db, input);
    }),
  label: roleProcedure(ANALYTICS.review)
    .input(labelInput)
    .mutation(async ({ ctx, input }) => {
      await requireFeature(ctx.db, "fraud_scores");
      return labelFraudItem(ctx.db, ctx.actor, input);
    }),
  retrain: roleProcedure(ANALYTICS.review).mutation(async ({ ctx }) => {
    await requireFeature(ctx.db, "fraud_scores");
    return retrainFraudModel(ctx.db);
  }),
  /** Scores what is not scored yet (items posted before the plan included fraud scores), a batch at a time. */
  refresh: roleProcedure(ANALYTICS.review).mutation(async ({ ctx }) => {
    await requireFeature(ctx.db, "fraud_scores");
    return scoreUnscored(ctx.db, { limit: REFRESH_BATCH });
  }),
});
