import { describe, expect, it } from "vitest";
import { checkStage, invalidProps } from "./stage-form";

describe("a stage form marks the field in error, not the name for everything", () => {
  it("an invalid probability marks the probability field only", () => {
    const checked = checkStage("Demo booked", "150");
    expect(checked).toEqual({ ok: false, error: { field: "probability", message: "Use a whole number from 0 to 100." } });
    const error = checked.ok ? undefined : checked.error;
    expect(invalidProps(error, "name", "e")).toEqual({});
    expect(invalidProps(error, "probability", "e")).toEqual({ "aria-invalid": true, "aria-describedby": "e" });
  });

  it("a missing name marks the name; an empty probability means the outcome's default", () => {
    expect(checkStage("  ", "10")).toMatchObject({ ok: false, error: { field: "name" } });
    expect(checkStage("Demo booked", "")).toEqual({ ok: true, probability: null });
  });
});
