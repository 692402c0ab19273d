import { formatMajorAmount, parseMajorAmount } from "@/lib/money";
import type { CustomFieldDef } from "./types";

/*
 * Custom field values in a form: every type as what its input holds (text for numbers,
 * amount text + currency for money), converted to the stored form only when sent. The
 * server checks the values again (custom-fields.ts) and answers on "custom.<key>".
 */

export type MoneyFormValue = { amount: string; currency: string };
export type CustomFormValue = string | boolean | string[] | MoneyFormValue;
export type CustomFormValues = Record<string, CustomFormValue>;

/** What a field's input starts with, from the record's stored value. */
export function initialCustomValue(field: CustomFieldDef, stored: unknown, defaultCurrency: string): CustomFormValue {
  switch (field.type) {
    case "checkbox":
      return stored === true;
    case "multi_select":
      return Array.isArray(stored) ? stored.filter((v): v is string => typeof v === "string") : [];
    case "money": {
      const money = stored as { amountMinor?: number; currency?: string } | null | undefined;
      if (money && typeof money.amountMinor === "number" && money.currency) return { amount: formatMajorAmount(money.amountMinor, money.currency), currency: money.currency };
      return { amount: "", currency: defaultCurrency };
    }
    case "number":
      return typeof stored === "number" ? String(stored) : "";
    default:
      return typeof stored === "string" ? stored : "";
  }
}

export function initialCustomValues(fields: CustomFieldDef[], stored: Record<string, unknown> | null | undefined, defaultCurrency: string): CustomFormValues {
  return Object.fromEntries(fields.map((f) => [f.key, initialCustomValue(f, stored?.[f.key], defaultCurrency)]));
}

function isEmptyValue(value: CustomFormValue | undefined): boolean {
  if (value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return value.amount.trim() === "";
  return false;
}

/** The value as the server takes it: null clears the field. */
export function toServerValue(field: CustomFieldDef, value: CustomFormValue | undefined): unknown {
  if (field.type === "checkbox") return value === true;
  if (isEmptyValue(value)) return null;
  switch (field.type) {
    case "number":
      return Number(String(value).replace(/,/g, ""));
    case "money": {
      const money = value as MoneyFormValue;
      const minor = parseMajorAmount(money.amount, money.currency);
      return minor === null ? money.amount : { amountMinor: Number(minor), currency: money.currency };
    }
    case "text":
      return String(value).trim();
    default:
      return value;
  }
}

/** The form's problem with a value (checked before sending; the server has the last word). */
export function customValueError(field: CustomFieldDef, value: CustomFormValue | undefined): string | null {
  if (isEmptyValue(value)) return field.required && field.type !== "checkbox" ? `${field.label} is required.` : null;
  switch (field.type) {
    case "number":
      return Number.isFinite(Number(String(value).replace(/,/g, ""))) ? null : "Enter a number, like 42 or 3.5.";
    case "money": {
      const money = value as MoneyFormValue;
      if (!/^[A-Z]{3}$/.test(money.currency)) return "Choose a currency.";
      return parseMajorAmount(money.amount, money.currency) === null ? `Enter an amount in ${money.currency}, like 1250.00.` : null;
    }
    case "text":
      return String(value).trim().length > 2000 ? "At most 2,000 characters." : null;
    default:
      return null;
  }
}

/**
 * The active fields' values for the server, keyed by field key. With `initial` (an edit),
 * only the values that changed: the server keeps the others as they are, so a value it
 * would no longer accept as new (a member who left) does not block saving other changes.
 */
export function toServerCustom(fields: CustomFieldDef[], values: CustomFormValues | undefined, initial?: CustomFormValues): Record<string, unknown> {
  const entries = fields.map((f) => [f.key, toServerValue(f, values?.[f.key])] as const);
  if (!initial) return Object.fromEntries(entries);
  return Object.fromEntries(entries.filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(toServerValue(fields.find((f) => f.key === key)!, initial[key]))));
}
