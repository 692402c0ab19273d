import type { ModuleNav } from "../nav-types";
import { ORGS } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const orgsNav: ModuleNav = {
  module: "orgs",
  // Everyone reads these; only owners and admins change anything on them.
  settings: [
    { key: "organization", label: "Organization", href: "/organization", minimumRole: ORGS.read },
    { key: "members", label: "Members", href: "/members", minimumRole: ORGS.read },
  ],
};
