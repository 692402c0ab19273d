import type { ModuleNav } from "../nav-types";
import { accountingAuditDescribers } from "./audit-describers";
import { ACCOUNTING } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const accountingNav: ModuleNav = {
  module: "accounting",
  sidebar: [{ key: "accounting", label: "Accounting", href: "/accounting", icon: "accounting" }],
  settings: [{ key: "accounting", label: "Accounting", href: "/accounting", minimumRole: ACCOUNTING.configure }],
  audit: accountingAuditDescribers,
};
