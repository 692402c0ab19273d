import { z } from "zod";
import { plainText } from "../../platform/validate";
import { isReservedSlug, SLUG_MAX_LENGTH } from "./slug";

// Shared with the browser's forms: no server-only imports in this file. Intl gives the
// same lists of currencies and time zones in Node and in current browsers.

export const organizationNameSchema = plainText()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(80, "Use at most 80 characters.");

export const createOrganizationInput = z.object({ name: organizationNameSchema });

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const TIME_ZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));

export const organizationSettingsInput = z.object({
  name: organizationNameSchema,
  slug: plainText()
    .trim()
    .toLowerCase()
    .min(2, "Use at least 2 characters.")
    .max(SLUG_MAX_LENGTH, `Use at most ${SLUG_MAX_LENGTH} characters.`)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens (not at the start or end).")
    .refine((slug) => !isReservedSlug(slug), "That address is reserved. Choose another."),
  baseCurrency: plainText()
    .trim()
    .toUpperCase()
    .refine((code) => CURRENCIES.has(code), "Choose an ISO 4217 currency code, like USD or EUR."),
  timeZone: plainText().refine((zone) => TIME_ZONES.has(zone), "Choose a time zone from the list, like Europe/Berlin."),
  fiscalYearStartMonth: z.number("Choose a month.").int().min(1, "Choose a month.").max(12, "Choose a month."),
});
export type OrganizationSettingsInput = z.input<typeof organizationSettingsInput>;
