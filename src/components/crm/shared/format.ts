import { formatMoney } from "@/lib/money";
import type { CustomFieldDef, Member } from "./types";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const numberFormat = new Intl.NumberFormat("en");

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

/** A calendar day stored as "YYYY-MM-DD", shown without any time-zone shift. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return dateFormat.format(new Date(y, m - 1, d));
}

export function contactName(contact: { firstName: string; lastName: string }): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}

export function memberName(members: Member[] | undefined, id: string | null | undefined): string | null {
  if (!id) return null;
  return members?.find((m) => m.userId === id)?.name ?? null;
}

/** A custom field's stored value as text for lists and record pages ("" when empty). */
export function formatCustomValue(field: Pick<CustomFieldDef, "type">, value: unknown, members?: Member[]): string {
  if (value === undefined || value === null || value === "") return "";
  switch (field.type) {
    case "number":
      return typeof value === "number" ? numberFormat.format(value) : String(value);
    case "money": {
      const money = value as { amountMinor?: number; currency?: string };
      return typeof money.amountMinor === "number" && money.currency ? formatMoney(money.amountMinor, money.currency) : "";
    }
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : String(value);
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
