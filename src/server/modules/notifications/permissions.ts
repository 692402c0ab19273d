import type { Capabilities } from "../orgs/roles";

/** Notification capabilities (client-safe): every member reads and marks their own. */
export const NOTIFICATIONS = {
  read: "viewer",
} as const satisfies Capabilities;
