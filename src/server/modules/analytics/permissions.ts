import type { Capabilities } from "../orgs/roles";

/** Analytics capabilities (client-safe): everyone reads, members recompute, admins review fraud. */
export const ANALYTICS = { read: "viewer", refresh: "member", review: "admin" } as const satisfies Capabilities;
