import type { ModuleNav } from "../nav-types";
import { ANALYTICS } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const analyticsNav: ModuleNav = {
  module: "analytics",
  sidebar: [{ key: "analytics", label: "Analytics", href: "/analytics", icon: "analytics", minimumRole: ANALYTICS.read }],
};
