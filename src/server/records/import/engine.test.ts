import { describe, expect, it } from "vitest";
import { hasNulCharacter } from "./engine";
import { readHead } from "./parse";

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

describe("the delimiter of an uploaded file", () => {
  const head = (text: string) => readHead(new TextEncoder().encode(text), true);

  it("is the one its header row uses, even when the rows hold more commas (decimal commas)", () => {
    const german = head("\uFEFFArtikelnummer;Bezeichnung;Preis;Kosten\r\nA-1;Schraube;0,35;0,12\r\nB-2;Mutter;1.234,50;899,00\r\n");
    expect(german.delimiter).toBe(";");
    expect(german.headers).toEqual(["Artikelnummer", "Bezeichnung", "Preis", "Kosten"]);
    expect(german.rows).toEqual([
      ["A-1", "Schraube", "0,35", "0,12"],
      ["B-2", "Mutter", "1.234,50", "899,00"],
    ]);
  });

  it("ignores separators inside quoted headers, and leaves a header without one to the guess", () => {
    expect(head('Name,"Price; incl. tax",Notes\r\nA,1,x\r\n').delimiter).toBe(",");
    expect(head("Name\tEmail\r\nAnn\tann@example.com\r\n").delimiter).toBe("\t");
    expect(head("Name\r\nAnn\r\n").headers).toEqual(["Name"]);
  });
});
