/**
 * Choices for the organization settings form, from the browser's Intl data. Built on
 * demand (only in the browser: the form renders after the settings have loaded).
 */

export type Option = { value: string; label: string };
export type OptionGroup = { label: string; options: Option[] };

/** Listed first: the currencies most organizations use. */
export const COMMON_CURRENCIES = ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "CNY", "SGD", "HKD", "BRL", "MXN", "ZAR"];

function supported(kind: "currency" | "timeZone"): string[] {
  try {
    return Intl.supportedValuesOf(kind);
  } catch {
    return [];
  }
}

function currencyName(code: string, names: Intl.DisplayNames | null): string {
  const name = names?.of(code);
  return name && name !== code ? `${code} · ${name}` : code;
}

/** Common currencies, then every ISO 4217 code the browser knows; `current` is always offered. */
export function currencyGroups(current: string): OptionGroup[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(["en"], { type: "currency" });
  } catch {
    names = null;
  }
  const all = new Set(supported("currency"));
  const common = COMMON_CURRENCIES.filter((code) => all.size === 0 || all.has(code));
  if (current && !common.includes(current)) all.add(current);
  const rest = [...all].filter((code) => !common.includes(code)).sort();
  return [
    { label: "Common", options: common.map((code) => ({ value: code, label: currencyName(code, names) })) },
    { label: "All currencies", options: rest.map((code) => ({ value: code, label: currencyName(code, names) })) },
  ];
}

/** "GMT+1", "GMT-03:30", "GMT" for a zone, now. */
function offsetOf(zone: string, now: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(now).find((p) => p.type === "timeZoneName");
    return part?.value ?? "";
  } catch {
    return "";
  }
}

/** Time zones by region ("Europe", "America", …) with their current UTC offset; `current` is always offered. */
export function timeZoneGroups(current: string): OptionGroup[] {
  const zones = new Set(supported("timeZone"));
  zones.add("UTC");
  if (current) zones.add(current);
  const now = new Date();
  const groups = new Map<string, Option[]>();
  for (const zone of [...zones].sort()) {
    const region = zone.includes("/") ? zone.slice(0, zone.indexOf("/")) : "Other";
    const offset = offsetOf(zone, now);
    const option = { value: zone, label: `${zone.replace(/_/g, " ")}${offset ? ` (${offset})` : ""}` };
    const list = groups.get(region) ?? [];
    list.push(option);
    groups.set(region, list);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === "Other" ? -1 : b === "Other" ? 1 : a.localeCompare(b))).map(([label, options]) => ({ label, options }));
}

export const MONTHS: Option[] = Array.from({ length: 12 }, (_, index) => ({
  value: String(index + 1),
  label: new Intl.DateTimeFormat("en", { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, index, 1))),
}));

export function monthName(month: number): string {
  return MONTHS[month - 1]?.label ?? String(month);
}

export function describeCurrency(code: string): string {
  try {
    return currencyName(code, new Intl.DisplayNames(["en"], { type: "currency" }));
  } catch {
    return code;
  }
}

/** "Europe/Berlin (GMT+1)". */
export function describeTimeZone(zone: string): string {
  const offset = offsetOf(zone, new Date());
  return `${zone.replace(/_/g, " ")}${offset ? ` (${offset})` : ""}`;
}
