import type { Capabilities } from "../orgs/roles";

/** Background jobs capabilities (client-safe). */
export const JOBS = {
  /** Settings → Jobs: see events and runs, retry dead ones, send a test event. */
  manage: "admin",
} as const satisfies Capabilities;
