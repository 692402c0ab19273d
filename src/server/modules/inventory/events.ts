import { defineEvent } from "../../jobs/events";

/* The inventory module's events (its part of the typed event catalog). */

/** One product × warehouse at or below its reorder point, as the daily check found it (quantities as exact decimal text). */
export type LowStockLine = {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  warehouseId: string;
  warehouseName: string;
  /** On hand − reserved. */
  available: string;
  reorderPoint: string;
  reorderQuantity: string;
};

export type LowStockAlert = {
  /** The organization's calendar day (YYYY-MM-DD) of the check: one alert per tenant per day. */
  day: string;
  /** The lowest first (furthest below the point), at most LOW_STOCK_ALERT_LINES. */
  products: LowStockLine[];
  /** How many products × warehouses are low in all (more than `products` holds when over the cap). */
  total: number;
};

/** Published once per tenant per day by the low-stock schedule (./alerts.ts) when anything is at or below its reorder point. */
export const LOW_STOCK = defineEvent<LowStockAlert>("inventory/low-stock");
