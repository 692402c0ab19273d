import { describe, expect, it } from "vitest";
import { guessField, guessFields } from "./infer";

describe("guessing a new field's type from a column", () => {
  it("reads checkboxes, numbers, dates, selects, multi-selects and text", () => {
    expect(guessField(["yes", "no", "", "Yes"])).toEqual({ type: "checkbox", options: [] });
    expect(guessField(["1,250.50", "-3", "42"])).toEqual({ type: "number", options: [] });
    expect(guessField(["2024-03-01", "31/12/1970", "12.05.1990"])).toEqual({ type: "date", options: [] });
    expect(guessField(["Gold", "Silver", "gold", "Bronze", "Silver"])).toEqual({ type: "single_select", options: ["Bronze", "Gold", "Silver"] });
    expect(guessField(["vip; partner", "partner", "press | vip"])).toEqual({ type: "multi_select", options: ["partner", "press", "vip"] });
    expect(guessField(["Met at the fair", "Prefers email", "Call after 5"])).toEqual({ type: "text", options: [] });
    expect(guessField(["", " "])).toEqual({ type: "text", options: [] });
  });

  it("reads a column of all-different short values as text, not as a select", () => {
    expect(guessField(["a1", "b2", "c3", "d4"]).type).toBe("text");
    expect(guessField(Array.from({ length: 80 }, (_, i) => `Option ${i % 40}`)).type).toBe("text");
  });

  it("guesses every column by header", () => {
    expect(guessFields(["Tier", "Score"], [["Gold", "3"], ["Gold", "4"]])).toEqual({ Tier: { type: "single_select", options: ["Gold"] }, Score: { type: "number", options: [] } });
  });
});
