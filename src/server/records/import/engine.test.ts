import { describe, expect, it } from "vitest";
import { hasNulCharacter } from "./engine";

const utf16le = (text: string) => new Uint8Array(Buffer.from(text, "utf16le"));

describe("NUL characters in an uploaded file", () => {
  it("finds any zero byte in UTF-8 and Windows-1252 text", () => {
    expect(hasNulCharacter(new TextEncoder().encode("a,b\r\n1,2\r\n"), "utf-8")).toBe(false);
    expect(hasNulCharacter(new Uint8Array([0x61, 0x00, 0x62]), "windows-1252")).toBe(true);
  });

  it("accepts the zero bytes of ordinary UTF-16 text and refuses a U+0000 in it", () => {
    expect(hasNulCharacter(utf16le("First\tLast\r\nAda\tLovelace\r\n"), "utf-16le")).toBe(false);
    expect(hasNulCharacter(utf16le("Ada\u0000\tLovelace\r\n"), "utf-16le")).toBe(true);
    const be = new Uint8Array(Buffer.from("Ada", "utf16le").swap16());
    expect(hasNulCharacter(be, "utf-16be")).toBe(false);
  });
});
