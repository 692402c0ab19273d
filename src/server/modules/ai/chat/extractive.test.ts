import { describe, expect, it } from "vitest";
import { excerptOf } from "./extractive";

const LONG =
  "Welcome to the handbook. It explains how the company works day to day. Parking is free for employees in the north garage. " +
  "Visitors park in the south lot and sign in at the front desk. Badges are handed out by security on the first day. " +
  "Lost badges cost 20 EUR to replace and must be reported at once.";
const LONGER = `${LONG} The canteen opens at noon.`;

describe("excerptOf", () => {
  it("shows a short passage whole", () => {
    expect(LONGER.length).toBeGreaterThan(320);
    expect(excerptOf("Employees get 25 days of vacation.\n\nAsk early.", "vacation")).toBe("Employees get 25 days of vacation. Ask early.");
  });

  it("cuts a long passage to the two sentences around the best match, marking what was left out", () => {
    expect(excerptOf(LONGER, "Where do visitors park?")).toBe(
      "… Visitors park in the south lot and sign in at the front desk. Badges are handed out by security on the first day. …",
    );
  });

  it("takes the last sentence with the one before it", () => {
    expect(excerptOf(LONGER, "canteen opening")).toBe("… Lost badges cost 20 EUR to replace and must be reported at once. The canteen opens at noon.");
  });

  it("starts at the beginning when nothing matches", () => {
    expect(excerptOf(LONGER, "zebra")).toBe("Welcome to the handbook. It explains how the company works day to day. …");
  });
});
