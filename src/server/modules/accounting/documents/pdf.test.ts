import { crc32, deflateSync } from "node:zlib";
import { extractText, getDocumentProxy } from "unpdf";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../../platform/logger";
import { renderDocumentPdf, type DocumentPdfData } from "./pdf";

function invoice(overrides: Partial<DocumentPdfData> = {}): DocumentPdfData {
  return {
    kind: "invoice",
    title: "Invoice",
    number: "INV-2026-0001",
    issueDate: "2026-03-01",
    dueDate: "2026-03-31",
    currency: "EUR",
    organization: { name: "Acme Demo GmbH", address: "Hauptstraße 1\n10115 Berlin\nGermany", logo: null },
    party: { label: "Bill to", name: "Globex Corporation", address: "12 Market Street\nSpringfield", email: "billing@globex.example" },
    lines: [
      { description: "Consulting, March", quantity: "12.50", unit: "h", unitPrice: "9000", discountPercent: null, taxes: ["VAT 19%"], net: "112500" },
      { description: "Licence", quantity: "1", unit: null, unitPrice: "123456789", discountPercent: "10", taxes: ["VAT 19%"], net: "111111110" },
    ],
    taxes: [{ name: "VAT 19%", ratePercent: "19.000", base: "111223610", amount: "21132486" }],
    subtotal: "111223610",
    taxTotal: "21132486",
    total: "132356096",
    paid: "0",
    due: "132356096",
    paymentTerms: "Payable within 30 days to IBAN DE89 3704 0044 0532 0130 00.",
    notes: "Thank you for your business.",
    footer: "Acme Demo GmbH · Registered in Berlin HRB 12345 · VAT DE123456789",
    ...overrides,
  };
}

/** The text of each page, as a PDF reader extracts it. */
async function pagesText(pdf: Buffer): Promise<string[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: false });
  return text;
}

/** A w×h RGBA PNG (alpha makes pdfkit decode it, the path that needs checking); `idat` replaces its compressed pixels. */
function png(width: number, height: number, idat?: Buffer): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits
  header[9] = 6; // RGBA
  const rows = Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 4, y % 2 ? 0x30 : 0xc0)]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", idat ?? deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

/** A 4×2 grey baseline JPEG (made with cjpeg). */
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwAooooA/9k=",
  "base64",
);

/** A 1×1 lossless WebP (RIFF/WEBP/VP8L). */
const WEBP = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("renderDocumentPdf", () => {
  it("renders a one-page invoice whose number, parties, lines, taxes and totals read back", async () => {
    const pdf = await renderDocumentPdf(invoice());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = await pagesText(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]!;
    for (const expected of [
      "Invoice",
      "INV-2026-0001",
      "2026-03-01",
      "2026-03-31",
      "Acme Demo GmbH",
      "Hauptstraße 1",
      "Bill to",
      "Globex Corporation",
      "billing@globex.example",
      "Consulting, March",
      "12.5 h",
      "90.00",
      "1,125.00",
      "1,234,567.89",
      "10%",
      "1,111,111.10",
      "VAT 19%",
      "19%",
      "Subtotal",
      "1,112,236.10 EUR",
      "211,324.86 EUR",
      "1,323,560.96 EUR",
      "Payment terms",
      "IBAN DE89 3704 0044 0532 0130 00",
      "Thank you for your business.",
      "Registered in Berlin HRB 12345",
      "Page 1 of 1",
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Nothing was paid: no "Paid" or "Amount due" rows.
    expect(text).not.toContain("Amount due");
  });

  it("shows what was paid and what is due, and a currency's own digits", async () => {
    const jpy = await pagesText(
      await renderDocumentPdf(
        invoice({
          currency: "JPY",
          lines: [{ description: "Seminar", quantity: "3", unit: "seats", unitPrice: "15000", discountPercent: null, taxes: [], net: "45000" }],
          taxes: [],
          subtotal: "45000",
          taxTotal: "0",
          total: "45000",
          paid: "20000",
          due: "25000",
        }),
      ),
    );
    expect(jpy[0]).toContain("15,000");
    expect(jpy[0]).toContain("45,000 JPY");
    expect(jpy[0]).toMatch(/Paid\s+20,000 JPY/);
    expect(jpy[0]).toMatch(/Amount due\s+25,000 JPY/);
    expect(jpy[0]).not.toContain("45,000.");

    const kwd = await pagesText(await renderDocumentPdf(invoice({ currency: "KWD", subtotal: "1", taxTotal: "0", total: "1", paid: "0", due: "1" })));
    expect(kwd[0]).toContain("0.001 KWD");
  });

  it("breaks a 60-line invoice over pages, repeating the table header, numbering pages", async () => {
    const lines = Array.from({ length: 60 }, (_, index) => ({
      description: index === 7 ? `Line ${index + 1}: ${"a long description that wraps over several lines of the column ".repeat(4)}` : `Line ${index + 1}`,
      quantity: "2",
      unit: "pcs",
      unitPrice: "1000",
      discountPercent: null,
      taxes: ["VAT 19%"],
      net: "2000",
    }));
    const pdf = await renderDocumentPdf(invoice({ lines, subtotal: "120000", taxTotal: "22800", total: "142800", due: "142800" }));
    const pages = await pagesText(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const count = pages.length;
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${count}`);
      expect(page).toContain("Registered in Berlin HRB 12345");
    });
    expect(pages[1]).toContain("Invoice INV-2026-0001");
    // The lines table's header opens every page that holds lines.
    const withLines = pages.filter((page) => /Line \d+/.test(page));
    expect(withLines.length).toBeGreaterThanOrEqual(2);
    for (const page of withLines) expect(page).toMatch(/Description[\s\S]*Qty[\s\S]*Unit price[\s\S]*Amount \(EUR\)/);
    // Every line is there exactly once, in order.
    const all = pages.join("\n");
    const found = [...all.matchAll(/Line (\d+)\b/g)].map((match) => Number(match[1]));
    expect(found).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(all).toContain("1,428.00 EUR");
  });

  it("splits a line taller than a page over pages instead of losing it", async () => {
    const words = Array.from({ length: 1500 }, (_, index) => `w${index}`).join(" ");
    const pages = await pagesText(await renderDocumentPdf(invoice({ lines: [{ ...invoice().lines[0]!, description: words }] })));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const all = pages.join(" ");
    expect(all).toContain("w0 ");
    expect(all).toContain("w1499");
  });

  it("draws a PNG or JPEG logo, and leaves out a WebP or broken logo without failing", async () => {
    const warn = vi.spyOn(logger, "warn");
    const withoutLogo = await renderDocumentPdf(invoice());
    const withPng = await renderDocumentPdf(invoice({ organization: { ...invoice().organization, logo: { bytes: new Uint8Array(png(120, 40)), contentType: "image/png" } } }));
    expect(withPng.toString("latin1")).toMatch(/\/Subtype \/Image/);
    expect(withPng.toString("latin1")).toMatch(/\/SMask/); // the alpha channel went in
    const withJpeg = await renderDocumentPdf(invoice({ organization: { ...invoice().organization, logo: { bytes: new Uint8Array(JPEG), contentType: "image/jpeg" } } }));
    expect(withJpeg.toString("latin1")).toMatch(/\/Filter \/DCTDecode/);
    expect(warn).not.toHaveBeenCalled();

    for (const [bytes, contentType, reason] of [
      [WEBP, "image/webp", /WebP/],
      [Buffer.concat([png(10, 10).subarray(0, 40), Buffer.from("garbage")]), "image/png", /PNG/],
      [Buffer.from("GIF89a...."), "image/gif", /not a PNG or JPEG/],
      [JPEG.subarray(0, 30), "image/jpeg", /JPEG/],
      // Well-formed chunks around data that does not inflate, or rows with an unknown filter: pdfkit
      // would throw in an asynchronous callback, past any catch.
      [png(10, 10, Buffer.from("not deflate data")), "image/png", /corrupt/],
      [png(2, 2, deflateSync(Buffer.alloc(2 * (1 + 2 * 4), 9))), "image/png", /corrupt/],
    ] as const) {
      warn.mockClear();
      const pdf = await renderDocumentPdf(invoice({ organization: { ...invoice().organization, logo: { bytes: new Uint8Array(bytes), contentType } } }));
      expect(pdf.toString("latin1")).not.toMatch(/\/Subtype \/Image/);
      expect((await pagesText(pdf))[0]).toContain("INV-2026-0001");
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "pdf_logo_skipped", reason: expect.stringMatching(reason) }), expect.any(String));
    }
    expect(withoutLogo.toString("latin1")).not.toMatch(/\/Subtype \/Image/);
  });

  it("draws Cyrillic, Greek, Polish and Chinese names with embedded fonts, not as garbage", async () => {
    const warn = vi.spyOn(logger, "warn");
    const pdf = await renderDocumentPdf(
      invoice({
        organization: { name: "北京星辰科技有限公司", address: "北京市朝阳区建国路88号", logo: null },
        // One font per paragraph: no font has both Ł and 北, each line gets one that has its own.
        party: { label: "Bill to", name: "ООО «Ромашка», Иван Петров", address: "Łódź, ul. Piotrkowska 1\n北京市朝阳区\nΑθήνα", email: null },
        lines: [{ ...invoice().lines[0]!, description: "Консультация — 咨询服务 (March)" }],
      }),
    );
    const text = (await pagesText(pdf))[0]!;
    for (const expected of ["北京星辰科技有限公司", "北京市朝阳区建国路88号", "ООО «Ромашка», Иван Петров", "Łódź, ul. Piotrkowska 1", "北京市朝阳区\n", "Αθήνα", "Консультация — 咨询服务 (March)"]) {
      expect(text).toContain(expected);
    }
    expect(warn).not.toHaveBeenCalled();
    // Embedded subsets, not the whole fonts.
    expect(pdf.toString("latin1")).toMatch(/\/FontFile2/);
    expect(pdf.length).toBeLessThan(200_000);
  });

  it("prints characters no font has as ? and logs them", async () => {
    const warn = vi.spyOn(logger, "warn");
    const pdf = await renderDocumentPdf(invoice({ notes: "Merci 🎉 ขอบคุณ" }));
    const text = (await pagesText(pdf))[0]!;
    expect(text).toContain("Merci ?");
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "pdf_missing_glyphs", document: "INV-2026-0001", characters: expect.stringContaining("🎉") }), expect.any(String));
  });

  it("logs right-to-left text, which it cannot lay out right to left", async () => {
    const warn = vi.spyOn(logger, "warn");
    await renderDocumentPdf(invoice({ party: { ...invoice().party, name: "שלום עולם" } }));
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ event: "pdf_right_to_left_text", texts: ["שלום עולם"] }), expect.any(String));
  });

  it("gives the same bytes for the same data", async () => {
    const first = await renderDocumentPdf(invoice({ party: { ...invoice().party, name: "Иван Петров" } }));
    const second = await renderDocumentPdf(invoice({ party: { ...invoice().party, name: "Иван Петров" } }));
    expect(first.equals(second)).toBe(true);
  });

  it("renders a credit note with its own labels", async () => {
    const pages = await pagesText(await renderDocumentPdf(invoice({ kind: "credit_note", title: "Credit note", number: "CN-2026-0001", dueDate: null, paid: "1000", due: "132355096" })));
    expect(pages[0]).toContain("Credit note");
    expect(pages[0]).toContain("CN-2026-0001");
    expect(pages[0]).toMatch(/Applied\s+10.00 EUR/);
    expect(pages[0]).toMatch(/Remaining\s+1,323,550.96 EUR/);
    expect(pages[0]).not.toContain("Due date");
  });

  it("refuses an amount that is not minor units", async () => {
    await expect(renderDocumentPdf(invoice({ total: "12.50 EUR" }))).rejects.toThrow(/Not an amount in minor units: "12.50 EUR"/);
  });
});
