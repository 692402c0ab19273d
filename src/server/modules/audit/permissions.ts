import type { Capabilities } from "../orgs/roles";

/** Audit log capabilities (client-safe). */
export const AUDIT = {
  /** Settings → Audit log and its CSV export. */
  read: "admin",
} as const satisfies Capabilities;
