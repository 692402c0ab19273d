"use client";

import { useMemo } from "react";
import { useAmounts } from "@/components/inventory/use-amounts";
import { readServerError } from "@/components/ui/server-errors";

/* Small pieces of the accounting pages. */

/**
 * Money in the viewer's locale from decimal minor units ("1250" USD → $12.50). A code
 * Intl does not know (a commodity of an imported ledger) is shown as the amount and code.
 */
export function useMoney() {
  const amounts = useAmounts();
  return useMemo(
    () => ({
      format: amounts.format,
      money: (minor: string, currency: string) => {
        try {
          return amounts.money(minor, currency);
        } catch {
          return `${minor} ${currency}`;
        }
      },
    }),
    [amounts],
  );
}

/** The server's refusal in its own words: the detailed reasons when it gives them (per line, per currency), else its message. */
export function refusalText(error: unknown): string {
  const { message, fieldErrors } = readServerError(error);
  const details = Object.values(fieldErrors).flatMap((messages) => messages ?? []);
  return details.length ? [...new Set(details)].join(" ") : message;
}

/**
 * A server refusal split for a form: the first message of each field the form shows (`fieldFor`
 * names the field it is shown on, or null), the other fields' messages, and the refusal's own message.
 */
export function splitServerErrors(error: unknown, fieldFor: (field: string) => string | null) {
  const { message, fieldErrors } = readServerError(error);
  const shown: Record<string, string> = {};
  const rest: string[] = [];
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0];
    if (!first) continue;
    const target = fieldFor(field);
    if (target) shown[target] = first;
    else rest.push(...(messages ?? []));
  }
  return { shown, rest, message };
}
