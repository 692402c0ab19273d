import { Inngest } from "inngest";
import { env } from "../platform/env";
import { logger } from "../platform/logger";

/** Inngest when configured (cloud event key, or INNGEST_DEV for a local dev server); else the embedded worker. */
export function jobsMode(): "inngest" | "embedded" {
  const config = env();
  return config.INNGEST_EVENT_KEY || config.INNGEST_DEV ? "inngest" : "embedded";
}

let client: Inngest | undefined;

export function inngestClient(): Inngest {
  if (!client) {
    const config = env();
    client = new Inngest({
      id: "neuroops",
      eventKey: config.INNGEST_EVENT_KEY,
      signingKey: config.INNGEST_SIGNING_KEY,
      baseUrl: config.INNGEST_BASE_URL,
      isDev: config.INNGEST_DEV,
      logger: logger.child({ component: "inngest" }),
    });
  }
  return client;
}
