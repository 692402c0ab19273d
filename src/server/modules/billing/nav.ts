import type { ModuleNav } from "../nav-types";
import { BILLING } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const billingNav: ModuleNav = {
  module: "billing",
  // Admins read the plan, meters and invoices; only owners change the subscription.
  settings: [{ key: "billing", label: "Billing", href: "/billing", minimumRole: BILLING.read }],
};
