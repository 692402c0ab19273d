import { serve } from "inngest/next";
import { inngestClient } from "@/server/jobs/client";
import { inngestFunctions } from "@/server/jobs/registry";
import { jobHost } from "@/server/modules";

export const dynamic = "force-dynamic";

/** Every job of the app as Inngest functions (used when Inngest is configured). */
export const { GET, POST, PUT } = serve({ client: inngestClient(), functions: inngestFunctions(jobHost) });
