// Shared with the browser's forms: no server-only imports in this file.
// Values the CRM forms check in the browser too.

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes. Written out rather than read from
 * Intl, whose region list also holds reserved and withdrawn codes (EU, UK, XK, ZZ…) and
 * changes with the ICU version.
 */
const ISO_COUNTRY_CODES = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ
  BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR
  CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ
  LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
  MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
  PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR
  TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

export const COUNTRY_CODE_MESSAGE = "Use a two-letter country code, like DE or US.";

/** An assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(code: string): boolean {
  return ISO_COUNTRY_CODES.has(code);
}

/**
 * The columns of the CRM lists by key, in their default order (a saved view keeps the keys
 * it shows, in its order, and the server drops keys not listed here). Custom field
 * columns are `cf.<field key>`.
 */
export const CRM_LIST_COLUMNS = {
  contact: ["name", "email", "phone", "company", "owner", "lifecycle", "tags", "created", "updated"],
  company: ["name", "industry", "size", "location", "owner", "tags", "created", "updated"],
  deal: ["title", "company", "stage", "amount", "weighted", "owner", "close", "tags", "created", "updated"],
} as const;

export function customColumnKey(fieldKey: string): string {
  return `cf.${fieldKey}`;
}
