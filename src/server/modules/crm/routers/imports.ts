import { createTRPCRouter } from "../../../api/trpc";

/* Filled in by the imports work (see ../router.ts). */
export const importsRouter = createTRPCRouter({});
