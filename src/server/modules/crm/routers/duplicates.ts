import { createTRPCRouter } from "../../../api/trpc";

/* Filled in by the duplicates work (see ../router.ts). */
export const duplicatesRouter = createTRPCRouter({});
