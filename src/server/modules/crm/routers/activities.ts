import { createTRPCRouter } from "../../../api/trpc";

/* Filled in by the activities work (see ../router.ts). */
export const activitiesRouter = createTRPCRouter({});
