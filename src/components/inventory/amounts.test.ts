import { describe, expect, it } from "vitest";
import { compareDecimal, isNegative, majorToMinorText, minorToMajorText, roundMinor, sumDecimal } from "./amounts";
import { effectiveAtFor } from "./form-errors";

describe("inventory amounts (decimal text, no floats)", () => {
  it("turns a major amount into minor units by moving digits", () => {
    expect(majorToMinorText("12.50", "USD")).toBe("1250");
    expect(majorToMinorText("0.125", "USD")).toBe("12.5");
    expect(majorToMinorText("7", "USD")).toBe("700");
    expect(majorToMinorText("1,234.5", "EUR")).toBe("123450");
    expect(majorToMinorText("1250", "JPY")).toBe("1250");
    expect(majorToMinorText("0.005", "USD")).toBe("0.5");
    expect(majorToMinorText("abc", "USD")).toBeNull();
    expect(majorToMinorText("", "USD")).toBeNull();
  });

  it("turns minor units back into a major amount", () => {
    expect(minorToMajorText("1250", "USD")).toBe("12.5");
    expect(minorToMajorText("1250.5", "USD")).toBe("12.505");
    expect(minorToMajorText("5", "USD")).toBe("0.05");
  });

  it("rounds fractions of a minor unit half to even", () => {
    expect(roundMinor("433.333333")).toBe(433n);
    expect(roundMinor("0.5")).toBe(0n);
    expect(roundMinor("1.5")).toBe(2n);
    expect(roundMinor("2.500001")).toBe(3n);
    expect(roundMinor("-1.5")).toBe(-2n);
    expect(roundMinor("11880")).toBe(11880n);
  });

  it("sums and compares quantities exactly", () => {
    expect(sumDecimal(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimal(["17", "-20.5"])).toBe("-3.5");
    expect(sumDecimal([])).toBe("0");
    expect(compareDecimal("2.5", "10")).toBe(-1);
    expect(compareDecimal("10.0", "10")).toBe(0);
    expect(isNegative("-0")).toBe(false);
    expect(isNegative("-0.1")).toBe(true);
  });
});

describe("a movement's date", () => {
  it("is now for today or an empty field, and the end of the day in the organization's zone for a past day", () => {
    expect(effectiveAtFor("", "2026-03-10", "UTC")).toBeUndefined();
    expect(effectiveAtFor("2026-03-10", "2026-03-10", "UTC")).toBeUndefined();
    expect(effectiveAtFor("2026-03-08", "2026-03-10", "UTC")).toBe("2026-03-08T23:59:59.000Z");
    expect(effectiveAtFor("2026-03-08", "2026-03-10", "Europe/Berlin")).toBe("2026-03-08T22:59:59.000Z");
    expect(effectiveAtFor("2026-07-08", "2026-07-10", "America/New_York")).toBe("2026-07-09T03:59:59.000Z");
  });
});
