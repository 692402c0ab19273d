import type { ModuleNav } from "../nav-types";
import { crmAuditDescribers } from "./audit-describers";
import { CRM } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const crmNav: ModuleNav = {
  module: "crm",
  // Everyone: viewers read the CRM; members change records; admins configure it (Settings → CRM).
  sidebar: [{ key: "crm", label: "CRM", href: "/crm", icon: "crm" }],
  settings: [{ key: "crm", label: "CRM", href: "/crm", minimumRole: CRM.configure }],
  // The kinds of crmSearchers (./search.ts), in the order their results are grouped.
  search: {
    kinds: [
      { type: "contact", label: "Contacts", noun: "contacts", href: (id) => `/crm/contacts/${id}` },
      { type: "company", label: "Companies", noun: "companies", href: (id) => `/crm/companies/${id}` },
      { type: "deal", label: "Deals", noun: "deals", href: (id) => `/crm/deals/${id}`, subtitle: (text) => text.charAt(0).toUpperCase() + text.slice(1) },
    ],
    lists: [
      { key: "all-contacts", title: (term) => `All contacts matching “${term}”`, href: (q) => `/crm/contacts?q=${q}` },
      { key: "all-companies", title: (term) => `All companies matching “${term}”`, href: (q) => `/crm/companies?q=${q}` },
    ],
  },
  audit: crmAuditDescribers,
};
