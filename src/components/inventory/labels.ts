import { ADJUSTMENT_REASON_LABELS } from "@/server/modules/inventory/validation";

/* Words for the inventory's enums (client-safe). */

export const MOVEMENT_KIND_LABELS: Record<string, string> = {
  receipt: "Receipt",
  shipment: "Shipment",
  adjustment: "Adjustment",
  transfer_out: "Transfer out",
  transfer_in: "Transfer in",
  revaluation: "Revaluation (backdated movement)",
  shortfall_correction: "Shortfall correction (negative stock covered)",
};

/** What a value-only entry means, for its row's description. */
export const MOVEMENT_KIND_HINTS: Record<string, string> = {
  revaluation: "A movement was entered with an earlier date: the cost of the later outgoing stock was corrected.",
  shortfall_correction: "Stock shipped while on hand was negative was re-costed at the receipt that covered it.",
};

export function movementLabel(kind: string, reason: string | null): string {
  const label = MOVEMENT_KIND_LABELS[kind] ?? kind;
  if (kind === "adjustment" && reason) return `${label}: ${ADJUSTMENT_REASON_LABELS[reason as keyof typeof ADJUSTMENT_REASON_LABELS] ?? reason}`;
  return label;
}

export const NEGATIVE_POLICY_LABELS = {
  refuse: "Refuse (never below zero)",
  allow: "Allow (ship now, cost corrected later)",
} as const;

export const NEGATIVE_POLICY_HINTS = {
  refuse: "A shipment, adjustment or transfer that would take more than is on hand is refused with a clear message.",
  allow:
    "Stock may go below zero (e.g. shipping before the receipt is booked). Missing units are costed at the last average; the receipt that covers them books a shortfall correction.",
} as const;
