import type { ModuleNav } from "../nav-types";
import { AUDIT } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const auditNav: ModuleNav = {
  module: "audit",
  settings: [{ key: "audit", label: "Audit log", href: "/audit", minimumRole: AUDIT.read }],
};
