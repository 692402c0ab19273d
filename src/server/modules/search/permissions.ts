import type { Capabilities } from "../orgs/roles";

/** Global search capabilities (client-safe). */
export const SEARCH = {
  /** Every member may search; each searcher finds only what the member may read. */
  read: "viewer",
} as const satisfies Capabilities;
