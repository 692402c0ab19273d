import { parsePhoneNumber } from "awesome-phonenumber";
import { joinPhone, splitPhone } from "../../../../lib/phones";

/*
 * Phone cells as exports write them: "1-555-123-4567 x890", "(415) 555-0132 ext. 12",
 * "+44 20 7946 0958", "030 1234567". The extension is split off by the app's one phone
 * grammar (src/lib/phones.ts, also the contact form's); the number is read with Google's
 * libphonenumber (awesome-phonenumber): a number it can place (international, or national
 * in the organization's country) is written in international form, its extension kept as
 * " ext. N"; another stays as written.
 */

export type ImportPhone = {
  /** As stored and shown: "+1 415-555-0132 ext. 890"; the cell as it was when the number cannot be placed. */
  value: string;
  /** The number without its extension, as the contact's validation checks it. */
  number: string;
};

/** A phone cell, normalised when its country is known (from a leading + or 00, a leading 1- (North America), or `region`). */
export function readPhone(cell: string, region: string | undefined): ImportPhone {
  const { number: main, extension } = splitPhone(cell);
  const international = main.replace(/^00(?=[1-9])/, "+");
  const northAmerican = /^1[\s.\-]\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}$/.test(main);
  const parsed = parsePhoneNumber(international, international.startsWith("+") ? {} : { regionCode: northAmerican ? "US" : region });
  // A number of a full length that numbering plans do not list yet (1-555-123-4567) still gets its international form; a short one stays as written.
  const placed = parsed.valid || (parsed.possible && (parsed.number?.significant.length ?? 0) >= 10);
  const number = placed && parsed.number?.international ? parsed.number.international : main;
  return { value: joinPhone(number, extension), number };
}
