import { createTRPCRouter } from "../../../api/trpc";

/* Filled in by the deals work (see ../router.ts). */
export const dealsRouter = createTRPCRouter({});
