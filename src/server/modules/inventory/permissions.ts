import type { Capabilities } from "../orgs/roles";

/** Inventory capabilities (client-safe): viewers read, members move stock, admins configure. */
export const INVENTORY = {
  /** Products, stock, movement history, valuation, low stock. */
  read: "viewer",
  /** Create and change products; receive, ship, adjust, transfer; reserve. */
  edit: "member",
  /** Warehouses, bins and the negative-stock policy (Settings → Inventory); reorder rules. */
  configure: "admin",
  /** See and cancel every member's imports and bulk actions (each member sees their own). */
  manageOthers: "admin",
  /** Delete products in the trash forever. */
  purge: "admin",
  /** Told once a day, in the app, which products are at or below their reorder point. */
  lowStockAlerts: "admin",
} as const satisfies Capabilities;
