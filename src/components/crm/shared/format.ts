import type { Formatter } from "@/lib/format";
import type { CustomFieldDef, Member } from "./types";

/* Dates, numbers and money go through the page's Formatter (useFormat(), src/lib/format.ts). */

export function contactName(contact: { firstName: string; lastName: string }): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}

export function memberName(members: Member[] | undefined, id: string | null | undefined): string | null {
  if (!id) return null;
  return members?.find((m) => m.userId === id)?.name ?? null;
}

/** A custom field's stored value as text for lists and record pages ("" when empty). */
export function formatCustomValue(field: Pick<CustomFieldDef, "type">, value: unknown, format: Formatter, members?: Member[]): string {
  if (value === undefined || value === null || value === "") return "";
  switch (field.type) {
    case "number":
      return typeof value === "number" ? format.number(value) : String(value);
    case "money": {
      const money = value as { amountMinor?: number; currency?: string };
      return typeof money.amountMinor === "number" && money.currency ? format.money(money.amountMinor, money.currency) : "";
    }
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? format.day(value) : String(value);
    case "multi_select":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "checkbox":
      return value ? "Yes" : "No";
    case "member":
      return memberName(members, String(value)) ?? "Former member";
    default:
      return String(value);
  }
}

/** "https://acme.com" for a stored domain ("acme.com"). */
export function domainHref(domain: string): string {
  return `https://${domain}`;
}
