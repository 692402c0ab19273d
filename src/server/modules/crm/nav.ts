import type { ModuleNav } from "../nav-types";
import { CRM } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const crmNav: ModuleNav = {
  module: "crm",
  // Everyone: viewers read the CRM; members change records; admins configure it (Settings → CRM).
  sidebar: [{ key: "crm", label: "CRM", href: "/crm", icon: "crm" }],
  settings: [{ key: "crm", label: "CRM", href: "/crm", minimumRole: CRM.configure }],
};
