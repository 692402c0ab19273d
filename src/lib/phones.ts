/*
 * Phone numbers as people write them, in the browser and on the server: one grammar for the
 * extension ("1-555-123-4567 x890", "+1 555 123 4567 ext. 12", "030 1234567 Durchwahl 5"),
 * used by the contact form, the contact service and the import (which also places the number
 * with libphonenumber, src/server/modules/crm/imports/phones.ts).
 */

const EXTENSION = /^(.*?\d[\s).]*)\s*(?:ext\.?|extension|durchwahl|dw\.?|x|#)\s*:?\s*(\d{1,8})$/i;

/** The number and its extension (digits), if any: "+1 555 123 4567 x890" → { number: "+1 555 123 4567", extension: "890" }. */
export function splitPhone(text: string): { number: string; extension: string | undefined } {
  const trimmed = text.trim();
  const match = EXTENSION.exec(trimmed);
  return match ? { number: match[1]!.trim(), extension: match[2] } : { number: trimmed, extension: undefined };
}

/** A number with its extension in the one written form the app stores and shows: "+1 555 123 4567 ext. 890". */
export function joinPhone(number: string, extension: string | undefined): string {
  return extension ? `${number} ext. ${extension}` : number;
}

export const PHONE_MAX = 40;
export const PHONE_PROBLEM = "Enter a phone number with at least 5 digits (an extension may follow: ext. 12 or x12).";

/** Why a typed phone number is refused, or null: digits and + ( ) . - / and spaces, at least 5 digits, an optional extension. */
export function phoneProblem(text: string): string | null {
  const { number } = splitPhone(text);
  return /^\+?[\d\s().\-/]+$/.test(number) && number.replace(/\D/g, "").length >= 5 ? null : PHONE_PROBLEM;
}

/** The phone as the form stores it: as typed, its extension written "ext. N". */
export function tidyPhone(text: string): string {
  const { number, extension } = splitPhone(text);
  return joinPhone(number, extension);
}

/** A tel: link that dials the extension too (RFC 3966 ";ext="). */
export function phoneHref(value: string): string {
  const { number, extension } = splitPhone(value);
  return `tel:${number.replace(/[^\d+]/g, "")}${extension ? `;ext=${extension}` : ""}`;
}
