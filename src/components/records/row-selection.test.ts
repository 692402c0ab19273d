import { describe, expect, it } from "vitest";
import { isSelected, rangeOf, selectedCount, withRows, type SelectionState } from "./row-selection";

const none: SelectionState = { mode: "ids", ids: new Set() };

describe("row selection", () => {
  it("selects the range between the last toggled row and this one, in either direction", () => {
    const order = ["a", "b", "c", "d", "e"];
    expect(rangeOf(order, "b", "d")).toEqual(["b", "c", "d"]);
    expect(rangeOf(order, "e", "c")).toEqual(["c", "d", "e"]);
    // The anchor scrolled away (new filter or page): just the row.
    expect(rangeOf(order, "z", "c")).toEqual(["c"]);
    expect(rangeOf(order, null, "c")).toEqual(["c"]);
  });

  it("keeps ids when picking rows, and exclusions when every matching record is selected", () => {
    const picked = withRows(none, ["a", "b"], true);
    expect(isSelected(picked, "a")).toBe(true);
    expect(selectedCount(withRows(picked, ["a"], false), null)).toBe(1);
    const all: SelectionState = { mode: "all", excluded: new Set() };
    const lessOne = withRows(all, ["x"], false);
    expect(isSelected(lessOne, "x")).toBe(false);
    expect(isSelected(lessOne, "y")).toBe(true);
    expect(selectedCount(lessOne, 120)).toBe(119);
    expect(selectedCount(lessOne, null)).toBeNull();
  });
});
