import { describe, expect, it } from "vitest";
import { csvLines } from "./csv";

describe("csvLines", () => {
  it("guards formula cells but leaves plain negative numbers as numbers", () => {
    expect(csvLines([["-12.50", "-3", "-2+3", "=1+1", "@x", "+49 30", "-x"]])).toBe(`-12.50,-3,"'-2+3","'=1+1","'@x","'+49 30","'-x"\r\n`);
  });
});
