import { describe, expect, it } from "vitest";
import { CellError, cellErrorMessage, patchListRows } from "./inline-edit";

describe("in-cell edits", () => {
  it("change one row on every cached page, and nothing else", () => {
    const data = { pages: [{ items: [{ id: "a", name: "A" }], nextCursor: "x" }, { items: [{ id: "b", name: "B" }], nextCursor: null }], pageParams: [null, "x"] };
    const patched = patchListRows(data, "b", { name: "Bee" });
    expect(patched).toEqual({ pages: [{ items: [{ id: "a", name: "A" }], nextCursor: "x" }, { items: [{ id: "b", name: "Bee" }], nextCursor: null }], pageParams: [null, "x"] });
    expect(data.pages[1]!.items[0]!.name).toBe("B");
    expect(patchListRows(undefined, "b", { name: "x" })).toBeUndefined();
  });

  it("say a local refusal as it is, and a connection failure plainly", () => {
    expect(cellErrorMessage(new CellError("Enter an amount in EUR, like 1250.00."))).toBe("Enter an amount in EUR, like 1250.00.");
    expect(cellErrorMessage(new Error("boom"))).toMatch(/Could not reach the server/);
  });
});
