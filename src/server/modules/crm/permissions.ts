import type { Capabilities } from "../orgs/roles";

/**
 * CRM capabilities (client-safe). Which records a role sees is the database's
 * visibility policy (Settings → CRM); these say what a role may do with what it sees.
 */
export const CRM = {
  /** Lists, records, timelines, search, exports. */
  read: "viewer",
  /** Create, change, delete and merge records; log activities; import. */
  edit: "member",
  /** Pipelines, custom fields, record visibility (Settings → CRM). */
  configure: "admin",
  /** Change or delete other members' activities; see and manage everyone's imports. */
  manageOthers: "admin",
  /** Delete records in the trash forever (restoring is `edit`, like deleting). */
  purge: "admin",
} as const satisfies Capabilities;
