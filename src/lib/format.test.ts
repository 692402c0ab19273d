import { describe, expect, it } from "vitest";
import { createFormatter, formatSettingsFor, isSupportedLocale, isTimeZone } from "./format";

// Intl puts narrow no-break spaces in some shapes: compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("createFormatter", () => {
  const instant = new Date("2026-12-04T14:05:00Z");

  it("shapes dates and numbers by locale (en-US, de-DE, fr-FR)", () => {
    const us = createFormatter({ locale: "en-US", timeZone: "UTC" });
    const de = createFormatter({ locale: "de-DE", timeZone: "UTC" });
    const fr = createFormatter({ locale: "fr-FR", timeZone: "UTC" });
    expect(us.date(instant)).toBe("Dec 4, 2026");
    expect(de.date(instant)).toBe("04.12.2026");
    expect(fr.date(instant)).toBe("4 déc. 2026");
    expect(plain(us.dateTime(instant))).toBe("Dec 4, 2026, 2:05 PM");
    expect(de.dateTime(instant)).toBe("04.12.2026, 14:05");
    expect(us.number(1234567.5)).toBe("1,234,567.5");
    expect(de.number(1234567.5)).toBe("1.234.567,5");
    expect(plain(fr.number(1234567.5))).toBe("1 234 567,5");
    expect(us.money(123450n, "EUR")).toBe("€1,234.50");
    expect(plain(de.money(123450n, "EUR"))).toBe("1.234,50 €");
    expect(plain(fr.money(123450n, "EUR"))).toBe("1 234,50 €");
  });

  it("shows an instant in the time zone it is given, across a DST change", () => {
    const berlin = createFormatter({ locale: "de-DE", timeZone: "Europe/Berlin" });
    // 2026-03-29 01:30 UTC: clocks in Berlin jumped from 02:00 to 03:00 at 01:00 UTC.
    expect(berlin.time(new Date("2026-03-29T00:30:00Z"))).toBe("01:30");
    expect(berlin.time(new Date("2026-03-29T01:30:00Z"))).toBe("03:30");
    // New York: 23:30 on the 3rd there is already the 4th in UTC.
    const ny = createFormatter({ locale: "en-US", timeZone: "America/New_York" });
    expect(ny.dayKey(new Date("2026-12-04T04:30:00Z"))).toBe("2026-12-03");
    expect(createFormatter({ timeZone: "UTC" }).dayKey(new Date("2026-12-04T04:30:00Z"))).toBe("2026-12-04");
    // After the autumn change New York is UTC-5, before it UTC-4.
    expect(plain(ny.time(new Date("2026-11-01T05:30:00Z")))).toBe("1:30 AM");
    expect(plain(ny.time(new Date("2026-11-01T06:30:00Z")))).toBe("1:30 AM");
  });

  it("shows a calendar day without shifting it, whatever the zone", () => {
    expect(createFormatter({ locale: "en-US", timeZone: "Pacific/Honolulu" }).day("2026-12-04")).toBe("Dec 4, 2026");
    expect(createFormatter({ locale: "de-DE", timeZone: "Pacific/Kiritimati" }).day("2026-12-04")).toBe("04.12.2026");
  });

  it("says relative times in the locale", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    expect(createFormatter({ locale: "en-US" }).relative(new Date("2026-12-04T11:55:00Z"), now)).toBe("5 min. ago");
    expect(createFormatter({ locale: "de-DE" }).relative(new Date("2026-12-03T12:00:00Z"), now)).toBe("gestern");
    expect(createFormatter({ locale: "en-US" }).until(new Date("2026-12-10T12:00:00Z"), now)).toBe("in 6 days");
    expect(createFormatter({ locale: "en-US" }).until(new Date("2026-12-01T12:00:00Z"), now)).toBe("expired");
  });

  it("falls back to en-US and UTC for settings it cannot use", () => {
    const format = createFormatter({ locale: "xx-XX", timeZone: "Mars/Olympus" });
    expect(format.locale).toBe("en-US");
    expect(format.timeZone).toBe("UTC");
  });
});

describe("shared formatters", () => {
  it("gives the same formatter for the same settings and a separate one for other settings", () => {
    const a = createFormatter({ locale: "de-DE", timeZone: "Europe/Berlin" });
    expect(createFormatter({ locale: "de-DE", timeZone: "Europe/Berlin" })).toBe(a);
    const otherZone = createFormatter({ locale: "de-DE", timeZone: "America/New_York" });
    const otherLocale = createFormatter({ locale: "en-US", timeZone: "Europe/Berlin" });
    expect(otherZone).not.toBe(a);
    expect(otherLocale).not.toBe(a);
    const instant = new Date("2026-07-01T22:30:00Z");
    expect(a.dateTime(instant)).toBe("02.07.2026, 00:30");
    expect(otherZone.dateTime(instant)).toBe("01.07.2026, 18:30");
    expect(plain(otherLocale.dateTime(instant))).toBe("Jul 2, 2026, 12:30 AM");
  });

  it("shares the fallback between bad settings and the defaults, and answers a refused zone the same way twice", () => {
    const fallback = createFormatter({ locale: "xx-XX", timeZone: "Mars/Olympus" });
    expect(fallback).toBe(createFormatter({}));
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
  });

  it("stays right past its bound (every zone the runtime knows, in two locales)", () => {
    const instant = new Date("2026-12-04T12:00:00Z");
    for (const locale of ["en-GB", "nl-NL"]) {
      for (const zone of Intl.supportedValuesOf("timeZone")) {
        const expected = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(instant);
        expect(createFormatter({ locale, timeZone: zone }).dateTime(instant)).toBe(expected);
      }
    }
  });

  it("formats money per locale and currency from its shared number formats", () => {
    const us = createFormatter({ locale: "en-US", timeZone: "UTC" });
    const de = createFormatter({ locale: "de-DE", timeZone: "UTC" });
    expect(us.money(123450n, "EUR")).toBe("€1,234.50");
    expect(us.money(1234n, "JPY")).toBe("¥1,234");
    expect(plain(de.money(123450n, "EUR"))).toBe("1.234,50 €");
    expect(us.money(-5n, "EUR")).toBe("-€0.05");
    expect(us.money(123450n, "EUR")).toBe("€1,234.50");
  });
});

describe("settings", () => {
  it("accepts IANA zones and refuses anything else", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("+02:00")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("knows only the supported locales", () => {
    expect(isSupportedLocale("fr-FR")).toBe(true);
    expect(isSupportedLocale("fr")).toBe(false);
  });

  it("uses the organization's zone over the user's, and the user's outside any organization", () => {
    const user = { locale: "de-DE", timeZone: "America/New_York" };
    expect(formatSettingsFor(user, { timeZone: "Europe/Berlin" })).toEqual({ locale: "de-DE", timeZone: "Europe/Berlin" });
    expect(formatSettingsFor(user, null)).toEqual({ locale: "de-DE", timeZone: "America/New_York" });
  });
});
