import type { Capabilities } from "../orgs/roles";

/** Analytics capabilities (client-safe). */
export const ANALYTICS = {
  /** Dashboards, forecasts and anomalies. */
  read: "viewer",
  /** Recompute forecasts and anomalies on demand. */
  refresh: "member",
  /** The fraud review queue: confirm or dismiss scored items, retrain. */
  review: "admin",
} as const satisfies Capabilities;
