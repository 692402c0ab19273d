import type { Capabilities } from "../orgs/roles";

/** Home capabilities (client-safe). */
export const HOME = {
  /** The home page: everyone's own tasks, deals and followed records; viewers read only. */
  read: "viewer",
  /** The getting-started checklist: shown to those who can act on at least part of it. */
  checklist: "member",
} as const satisfies Capabilities;
