import { minorDigits } from "../../../lib/money";

/*
 * Journal amounts are stored in a commodity's storage units: the minor units of an ISO
 * currency (12.50 USD → 1250), or, for any other commodity (shares, fund units, hours),
 * the amount as written. These convert between the two, exactly (decimal text shifts).
 */

/** Decimal places between the written amount and the stored one. */
export function storageDigits(commodity: string): number {
  return /^[A-Z]{3}$/.test(commodity) ? minorDigits(commodity) : 0;
}

/** A stored amount as the commodity is written ("-1250" USD → "-12.5"), no float involved. */
export function writtenAmount(storedText: string, commodity: string): string {
  const digits = storageDigits(commodity);
  const negative = storedText.startsWith("-");
  const [whole, fraction = ""] = storedText.replace(/^[+-]/, "").split(".");
  const all = (whole! + fraction).padStart(fraction.length + digits + 1, "0");
  const cut = all.length - fraction.length - digits;
  const integer = all.slice(0, cut).replace(/^0+(?=\d)/, "") || "0";
  const decimals = all.slice(cut).replace(/0+$/, "");
  const text = decimals ? `${integer}.${decimals}` : integer;
  return negative && text !== "0" ? `-${text}` : text;
}
