import type { Capabilities } from "./roles";

/** Organization capabilities (client-safe). */
export const ORGS = {
  /** The organization's settings and member list, read-only. */
  read: "viewer",
  /** Settings, logo, members' roles, removals and invitations. */
  manage: "admin",
  /** Make someone an owner, or change an owner. */
  own: "owner",
} as const satisfies Capabilities;
