import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/*
 * Every procedure's input and output as the client sees them (after superjson), written
 * once: components name `RouterOutputs["crm"]["contacts"]["get"]` instead of inferring
 * from the router themselves. Type-only, so no server code reaches the browser bundle.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
