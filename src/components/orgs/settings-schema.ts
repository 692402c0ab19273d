import { z } from "zod";
import { isReservedSlug, SLUG_MAX_LENGTH } from "@/server/modules/orgs/slug";
import { organizationNameSchema } from "@/server/modules/orgs/validation";

/**
 * The browser's copy of `organizationSettingsInput` (src/server/modules/orgs/settings.ts,
 * which imports server modules and so cannot be bundled for the client). Same rules and
 * messages; the lists of currencies and time zones come from the browser's Intl, and
 * the server checks them again against its own.
 */
function supported(kind: "currency" | "timeZone"): Set<string> {
  try {
    return new Set(Intl.supportedValuesOf(kind));
  } catch {
    return new Set();
  }
}

const CURRENCIES = supported("currency");

export const organizationSettingsFormSchema = z.object({
  name: organizationNameSchema,
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .min(2, "Use at least 2 characters.")
    .max(SLUG_MAX_LENGTH, `Use at most ${SLUG_MAX_LENGTH} characters.`)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens (not at the start or end).")
    .refine((slug) => !isReservedSlug(slug), "That address is reserved. Choose another."),
  baseCurrency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => /^[A-Z]{3}$/.test(code) && (CURRENCIES.size === 0 || CURRENCIES.has(code)), "Choose an ISO 4217 currency code, like USD or EUR."),
  // The select only offers valid zones; the server has the last word.
  timeZone: z.string().min(1, "Choose a time zone from the list, like Europe/Berlin."),
  fiscalYearStartMonth: z.number("Choose a month.").int().min(1, "Choose a month.").max(12, "Choose a month."),
});

export type OrganizationSettingsValues = z.input<typeof organizationSettingsFormSchema>;
export type OrganizationSettingsOutput = z.output<typeof organizationSettingsFormSchema>;
