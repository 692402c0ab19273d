import type { ModuleNav } from "../nav-types";
import { inventoryAuditDescribers } from "./audit-describers";
import { INVENTORY } from "./permissions";

// Client-safe (read by the app shell): no server imports here.
export const inventoryNav: ModuleNav = {
  module: "inventory",
  sidebar: [{ key: "inventory", label: "Inventory", href: "/inventory", icon: "inventory" }],
  settings: [{ key: "inventory", label: "Inventory", href: "/inventory", minimumRole: INVENTORY.configure }],
  search: {
    kinds: [{ type: "product", label: "Products", noun: "products", href: (id) => `/inventory/products/${id}` }],
    lists: [{ key: "all-products", title: (term) => `All products matching “${term}”`, href: (q) => `/inventory?q=${q}` }],
  },
  audit: inventoryAuditDescribers,
};
