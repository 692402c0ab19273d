import { factText, type AuditDescriber, type AuditDescription, type DescribableAuditEntry } from "../audit/describe";

// Client-safe (read by the home page and the audit log): how inventory's audit entries read.

type Entry = DescribableAuditEntry & { verbCode: string };

const RECORD_VERBS: Record<string, string> = { created: "created", updated: "updated", deleted: "deleted", restored: "restored", purged: "deleted forever" };

/** "10 pcs of " from the entry's quantity and unit (negative quantities read as their size). */
function amountOf(entry: Entry): string {
  const quantity = factText(entry.facts, "quantity");
  if (!quantity) return "";
  const unit = factText(entry.facts, "unit");
  return `${quantity.replace(/^-/, "")}${unit ? ` ${unit}` : ""} of`;
}

function productHref(entry: Entry): string | null {
  if (entry.verbCode === "purged") return null;
  if (entry.verbCode === "deleted") return "/inventory/trash";
  return entry.entityId ? `/inventory/products/${entry.entityId}` : null;
}

const MOVEMENT: Record<string, { verb: string; preposition: string }> = {
  receipt: { verb: "received", preposition: "into" },
  shipment: { verb: "shipped", preposition: "from" },
  transfer_out: { verb: "transferred", preposition: "out of" },
  transfer_in: { verb: "transferred", preposition: "into" },
};

const REASONS: Record<string, string> = { count: "stock count", damage: "damaged", loss: "lost", found: "found", other: "other" };

function describeProduct(entry: Entry): AuditDescription {
  const name = factText(entry.facts, "name");
  const href = productHref(entry);
  const where = factText(entry.facts, "warehouseName");
  const movement = MOVEMENT[entry.verbCode];
  if (movement) {
    return { verb: `${movement.verb} ${amountOf(entry)}`, noun: "product", name, detail: where ? ` ${movement.preposition} ${where}` : undefined, href };
  }
  if (entry.verbCode === "adjustment") {
    const quantity = factText(entry.facts, "quantity");
    const unit = factText(entry.facts, "unit");
    const reason = factText(entry.facts, "reason");
    const by = quantity ? ` by ${quantity.startsWith("-") ? quantity.replace("-", "−") : `+${quantity}`}${unit ? ` ${unit}` : ""}` : "";
    return { verb: "adjusted the stock of", noun: "product", name, detail: `${by}${where ? ` in ${where}` : ""}${reason ? ` (${REASONS[reason] ?? reason})` : ""}`, href };
  }
  if (entry.verbCode === "reserved") return { verb: `reserved ${amountOf(entry)}`, noun: "product", name, href };
  if (entry.verbCode === "released") return { verb: `released the reservation of ${amountOf(entry)}`, noun: "product", name, href };
  if (entry.verbCode === "set") return { verb: "set the reorder rule of", noun: "product", name, href };
  return { verb: RECORD_VERBS[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "), noun: "product", name, href };
}

function describeWarehouse(entry: Entry): AuditDescription {
  const verb = entry.action === "inventory.bin.created" ? "added a bin to" : (RECORD_VERBS[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "));
  return { verb, noun: "warehouse", name: factText(entry.facts, "name"), href: "/settings/inventory" };
}

export const inventoryAuditDescribers: AuditDescriber[] = [
  { entityType: "inventory.product", describe: describeProduct },
  { entityType: "inventory.warehouse", describe: describeWarehouse },
];
