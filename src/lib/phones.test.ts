import { describe, expect, it } from "vitest";
import { phoneHref, phoneProblem, splitPhone, tidyPhone } from "./phones";

describe("the app's phone grammar (form, service and import)", () => {
  it("splits extensions written the ways exports and people write them", () => {
    expect(splitPhone("+1 555 123 4567 ext. 12")).toEqual({ number: "+1 555 123 4567", extension: "12" });
    expect(splitPhone("1-555-123-4567 x890")).toEqual({ number: "1-555-123-4567", extension: "890" });
    expect(splitPhone("(415) 555-0132 extension 7")).toEqual({ number: "(415) 555-0132", extension: "7" });
    expect(splitPhone("030 1234567 Durchwahl: 55")).toEqual({ number: "030 1234567", extension: "55" });
    expect(splitPhone("+44 20 7946 0958")).toEqual({ number: "+44 20 7946 0958", extension: undefined });
  });

  it("accepts a number with an extension, refuses short numbers and letters", () => {
    expect(phoneProblem("+1 555 123 4567 ext. 12")).toBeNull();
    expect(phoneProblem("555 123 4567 x890")).toBeNull();
    expect(phoneProblem("12 x5")).toMatch(/at least 5 digits/);
    expect(phoneProblem("call me")).toMatch(/at least 5 digits/);
  });

  it("writes the extension one way, and dials it", () => {
    expect(tidyPhone(" 555 123 4567 X890 ")).toBe("555 123 4567 ext. 890");
    expect(tidyPhone("+49 30 1234567")).toBe("+49 30 1234567");
    expect(phoneHref("+1 555-123-4567 ext. 12")).toBe("tel:+15551234567;ext=12");
  });
});
