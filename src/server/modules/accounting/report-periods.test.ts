import { describe, expect, it } from "vitest";
import { columnCount, comparisonRange, periodColumns, shiftMonths } from "./report-periods";
import { percentChange } from "./reports";

describe("the profit and loss's columns", () => {
  it("makes one column per month, the first and last clipped to a range that starts or ends mid-month", () => {
    expect(periodColumns("month", "2026-01-31", "2026-03-15")).toEqual([
      { key: "2026-01", from: "2026-01-31", to: "2026-01-31" },
      { key: "2026-02", from: "2026-02-01", to: "2026-02-28" },
      { key: "2026-03", from: "2026-03-01", to: "2026-03-15" },
    ]);
    expect(periodColumns("month", "2025-12-01", "2026-01-31").map((c) => c.key)).toEqual(["2025-12", "2026-01"]);
    expect(columnCount("month", "2026-01-31", "2026-03-15")).toBe(3);
  });

  it("makes calendar quarters, split on Apr 1, Jul 1 and Oct 1, across a year end", () => {
    expect(periodColumns("quarter", "2025-11-15", "2026-07-01")).toEqual([
      { key: "2025-Q4", from: "2025-11-15", to: "2025-12-31" },
      { key: "2026-Q1", from: "2026-01-01", to: "2026-03-31" },
      { key: "2026-Q2", from: "2026-04-01", to: "2026-06-30" },
      { key: "2026-Q3", from: "2026-07-01", to: "2026-07-01" },
    ]);
    expect(columnCount("quarter", "2025-11-15", "2026-07-01")).toBe(4);
    expect(periodColumns("quarter", "2026-03-31", "2026-04-01").map((c) => [c.key, c.from, c.to])).toEqual([
      ["2026-Q1", "2026-03-31", "2026-03-31"],
      ["2026-Q2", "2026-04-01", "2026-04-01"],
    ]);
  });
});

describe("the compared range", () => {
  it("compares whole months with as many whole months before them", () => {
    expect(comparisonRange("previous_period", "2026-01-01", "2026-03-31")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(comparisonRange("previous_period", "2026-03-01", "2026-03-31")).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("compares any other range with as many days just before it", () => {
    // 2026-01-31 … 2026-03-15 is 44 days.
    expect(comparisonRange("previous_period", "2026-01-31", "2026-03-15")).toEqual({ from: "2025-12-18", to: "2026-01-30" });
    expect(comparisonRange("previous_period", "2026-03-10", "2026-03-10")).toEqual({ from: "2026-03-09", to: "2026-03-09" });
  });

  it("compares with the same dates a year earlier, a month's last day staying its last day", () => {
    expect(comparisonRange("previous_year", "2025-02-01", "2025-02-28")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(comparisonRange("previous_year", "2024-02-29", "2024-03-15")).toEqual({ from: "2023-02-28", to: "2023-03-15" });
    expect(shiftMonths("2026-03-31", -1)).toBe("2026-02-28");
  });
});

describe("the change in percent", () => {
  it("is a percent of the compared amount's size, to a tenth, rounded half away from zero; none from zero", () => {
    expect(percentChange(50n, 200n)).toBe("25.0");
    expect(percentChange(-1n, 3n)).toBe("-33.3");
    expect(percentChange(2n, 3n)).toBe("66.7");
    expect(percentChange(1n, 8000n)).toBe("0.0");
    expect(percentChange(1n, 2000n)).toBe("0.1"); // 0.05 % rounds up
    expect(percentChange(100n, -200n)).toBe("50.0"); // a loss of 200 that shrinks by 100
    expect(percentChange(100n, 0n)).toBeNull();
  });
});
