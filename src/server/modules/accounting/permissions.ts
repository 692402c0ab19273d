import type { Capabilities } from "../orgs/roles";

/** Accounting capabilities (client-safe): viewers read reports, members draft, admins post, reverse and lock. */
export const ACCOUNTING = {
  /** Chart of accounts, journal, reports, the integrity check. */
  read: "viewer",
  /** Create, change and delete draft entries. */
  draft: "member",
  /** Post and reverse entries. */
  post: "admin",
  /** Accounts, lock dates. */
  configure: "admin",
} as const satisfies Capabilities;
