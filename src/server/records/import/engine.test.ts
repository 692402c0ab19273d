import { describe, expect, it } from "vitest";
import { hasNulCharacter } from "./engine";
import { csvRecords, readHead } from "./parse";

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

describe("Windows-1252 files (Excel's 'CSV' in western locales)", () => {
  // "Preis €;Notiz\r\n12,50 €;Müller – ‘Top’ …\r\n" as Excel writes it: € is 0x80, – 0x96, ‘ ’ 0x91 0x92, … 0x85.
  const bytes = new Uint8Array([
    ...Buffer.from("Preis ", "latin1"), 0x80, ...Buffer.from(";Notiz\r\n12,50 ", "latin1"), 0x80,
    ...Buffer.from(";M\u00fcller ", "latin1"), 0x96, 0x20, 0x91, ...Buffer.from("Top", "latin1"), 0x92, 0x20, 0x85, 0x0d, 0x0a,
  ]);

  it("reads € – ‘ ’ … as those characters, not as invisible control characters (Node 20 decodes windows-1252 as Latin-1)", async () => {
    const head = readHead(bytes, true);
    expect(head.encoding).toBe("windows-1252");
    expect(head.headers).toEqual(["Preis €", "Notiz"]);
    expect(head.rows).toEqual([["12,50 €", "Müller – ‘Top’ …"]]);
    const records = [];
    for await (const record of csvRecords({ totalBytes: bytes.byteLength, bytesRead: 0, chunkBytes: 7, read: async (offset, length) => bytes.subarray(offset, offset + length) }, ";", "windows-1252")) {
      records.push(record);
    }
    expect(JSON.stringify(records)).toContain("Müller – ‘Top’ …");
  });
});
