import type { Capabilities } from "../orgs/roles";

/** Analytics capabilities (client-safe). */
export const ANALYTICS = {
  /** The dashboard, forecasts and anomalies (forecasts also need the plan's `forecasting`). */
  read: "viewer",
  /** Recompute forecasts and anomaly scans on demand. */
  refresh: "member",
  /** The fraud review queue: confirm or dismiss flagged items, retrain (the plan must have `fraud_scores`). */
  review: "admin",
} as const satisfies Capabilities;
