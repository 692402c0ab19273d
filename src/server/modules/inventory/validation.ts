import { z } from "zod";
import { parseFixed, type Fixed } from "./fixed";

/*
 * Inventory input rules shared by the server and the forms (client-safe: no server imports).
 * Quantities and unit costs travel as decimal text ("12.5") and become exact fixed-point
 * values (./fixed.ts); a float never touches them.
 */

/** Up to 12 digits before the point (numeric(20,6)). */
const MAX_WHOLE = 10n ** 12n * 10n ** 6n;

const decimalText = (message: string) =>
  // A bigint is an already parsed value (services parse what routers already parsed).
  z.union([z.string(message), z.number(message), z.bigint()], message).transform((value, ctx): Fixed => {
    if (typeof value === "bigint") return value;
    const text = typeof value === "number" ? String(value) : value.replace(/[\s_]/g, "");
    const parsed = /e/i.test(text) ? null : parseFixed(text);
    if (parsed === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    if (parsed >= MAX_WHOLE || parsed <= -MAX_WHOLE) {
      ctx.addIssue({ code: "custom", message: "That number is too large." });
      return z.NEVER;
    }
    return parsed;
  });

/** A quantity: positive (receipts, shipments, transfers) or signed and non-zero (adjustments). */
export function quantityText({ positive }: { positive: boolean }) {
  return decimalText("Enter a quantity like 12 or 2.5 (at most 6 decimals).").refine(
    (value) => (positive ? value > 0n : value !== 0n),
    positive ? "Enter a quantity greater than zero." : "Enter a quantity other than zero: positive adds stock, negative removes it.",
  );
}

/** A unit cost in the currency's minor units (cents), fractions allowed: "1250.5". */
export const unitCostText = decimalText("Enter the unit cost in minor units, like 1250 for 12.50.").refine((value) => value >= 0n, "A unit cost cannot be negative.");

export const ADJUSTMENT_REASON_LABELS = { count: "Stock count", damage: "Damaged", loss: "Lost", found: "Found", other: "Other" } as const;

/** A reorder point: zero or more. */
export const nonNegativeQuantityText = decimalText("Enter a quantity like 10 (at most 6 decimals).").refine((value) => value >= 0n, "Enter zero or more.");

/**
 * The columns the product list can show (keys a saved view's `columns` may hold, in the
 * order given): the list page's column keys must be these.
 */
export const PRODUCT_LIST_COLUMNS = ["sku", "name", "category", "unit", "barcode", "salePrice", "onHand", "reserved", "available", "value", "active", "lotTracked", "updatedAt"] as const;
