import { describe, expect, it } from "vitest";
import { dayOfWeek, dayOfYear, formatDay, parseDay } from "./dates";

describe("calendar days", () => {
  it("reads real YYYY-MM-DD dates only, and writes them back", () => {
    expect(parseDay("1970-01-01")).toBe(0);
    expect(formatDay(parseDay("2024-02-29")!)).toBe("2024-02-29");
    for (const bad of ["2023-02-29", "2026-13-01", "2026-1-01", "2026-01-01T00:00", ""]) expect(parseDay(bad), bad).toBeNull();
  });

  it("gives weekdays (0 = Sunday) and leap-calendar day-of-year slots that line a date up across years", () => {
    expect(dayOfWeek(parseDay("2026-12-05")!)).toBe(6);
    expect(dayOfWeek(parseDay("1969-12-28")!)).toBe(0);
    const table: [string, number][] = [["2023-01-01", 0], ["2024-02-29", 59], ["2023-03-01", 60], ["2024-03-01", 60], ["2023-07-20", 201], ["2024-07-20", 201], ["2023-12-31", 365]];
    for (const [date, slot] of table) expect(dayOfYear(parseDay(date)!), date).toBe(slot);
  });
});
