import { createTRPCRouter } from "../../api/trpc";
import { fraudRouter } from "./fraud/router";

/** The analytics module's procedures: one sub-router per area. */
export const analyticsRouter = createTRPCRouter({ fraud: fraudRouter });
