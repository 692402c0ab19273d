import { describe, expect, it } from "vitest";
import { chooserRows, moveColumn, orderColumns, readColumnChoice, sameColumns, setColumnShown, shownColumns, type ColumnMeta } from "./columns";

const ALL: ColumnMeta[] = [
  { key: "name", label: "Name", fixed: true },
  { key: "email", label: "Email" },
  { key: "owner", label: "Owner" },
  { key: "cf.size", label: "Size" },
  { key: "updated", label: "Updated" },
];

describe("column choice", () => {
  it("shows every column by default, and the chosen ones in their order with the fixed one first", () => {
    expect(shownColumns(ALL, null)).toEqual(["name", "email", "owner", "cf.size", "updated"]);
    expect(shownColumns(ALL, ["updated", "email"])).toEqual(["name", "updated", "email"]);
    // Unknown keys (a custom field deleted since), repeats and a misplaced fixed column are ignored.
    expect(shownColumns(ALL, ["cf.gone", "email", "name", "email"])).toEqual(["name", "email"]);
    expect(shownColumns(ALL, [])).toEqual(["name"]);
  });

  it("hides and shows columns; a shown column goes last; the fixed one cannot be hidden", () => {
    const hidden = setColumnShown(ALL, null, "owner", false);
    expect(hidden).toEqual(["name", "email", "cf.size", "updated"]);
    expect(setColumnShown(ALL, hidden, "owner", true)).toEqual(["name", "email", "cf.size", "updated", "owner"]);
    expect(setColumnShown(ALL, hidden, "name", false)).toEqual(hidden);
    expect(setColumnShown(ALL, hidden, "nope", true)).toEqual(hidden);
  });

  it("moves a column one place at a time, never past the fixed column or the end", () => {
    expect(moveColumn(ALL, null, "owner", -1)).toEqual(["name", "owner", "email", "cf.size", "updated"]);
    expect(moveColumn(ALL, null, "email", -1)).toEqual(["name", "email", "owner", "cf.size", "updated"]);
    expect(moveColumn(ALL, null, "updated", 1)).toEqual(["name", "email", "owner", "cf.size", "updated"]);
    expect(moveColumn(ALL, null, "name", 1)).toEqual(["name", "email", "owner", "cf.size", "updated"]);
    expect(moveColumn(ALL, ["email", "owner"], "cf.size", -1)).toEqual(["name", "email", "owner"]);
  });

  it("lists shown columns first in their order, then hidden ones, with the moves each allows", () => {
    const rows = chooserRows(ALL, ["owner", "email"]);
    expect(rows.map((r) => [r.column.key, r.shown, r.canMoveUp, r.canMoveDown])).toEqual([
      ["name", true, false, false],
      ["owner", true, false, true],
      ["email", true, true, false],
      ["cf.size", false, false, false],
      ["updated", false, false, false],
    ]);
  });

  it("compares choices by what they show, and reads stored choices defensively", () => {
    expect(sameColumns(ALL, null, ["email", "owner", "cf.size", "updated"])).toBe(true);
    expect(sameColumns(ALL, ["owner", "email"], ["email", "owner"])).toBe(false);
    expect(readColumnChoice(["a", "b"])).toEqual(["a", "b"]);
    expect(readColumnChoice("a")).toBeNull();
    expect(readColumnChoice([1])).toBeNull();
    expect(orderColumns([{ key: "a" }, { key: "b" }, { key: "c" }], ["c", "a", "x"])).toEqual([{ key: "c" }, { key: "a" }]);
  });
});
