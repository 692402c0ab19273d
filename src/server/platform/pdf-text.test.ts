import PDFDocument from "pdfkit";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { pdfText, type PdfText } from "./pdf-text";

async function render(draw: (doc: PDFKit.PDFDocument, text: PdfText) => void): Promise<{ bytes: Buffer; text: string }> {
  const doc = new PDFDocument({ size: "A4", info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on("end", resolve));
  draw(doc, pdfText(doc));
  doc.end();
  await ended;
  const bytes = Buffer.concat(chunks);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return { bytes, text };
}

describe("pdfText", () => {
  it("exists because pdfkit's Helvetica prints Cyrillic and Chinese as garbage without a word", async () => {
    const { text } = await render((doc) => {
      doc.font("Helvetica").text("Иван 北京", 50, 50, { lineBreak: false });
    });
    expect(text).not.toContain("Иван");
    expect(text).not.toContain("北京");
  });

  it("keeps Western European text in the built-in Helvetica and embeds a font only for what needs one", async () => {
    const western = await render((_doc, text) => text.line("Zürich, Straße 5 – 1.250,00 € “quoted”", 50, 50, { size: 10 }));
    expect(western.text).toContain("Zürich, Straße 5 – 1.250,00 € “quoted”");
    expect(western.bytes.toString("latin1")).not.toContain("/FontFile2");

    const other = await render((_doc, text) => {
      text.line("Иван Петров, Łódź", 50, 50, { size: 10 });
      text.line("北京星辰科技", 50, 70, { size: 10, face: "bold" });
    });
    expect(other.text).toContain("Иван Петров, Łódź");
    expect(other.text).toContain("北京星辰科技");
    expect(other.bytes.toString("latin1")).toContain("DejaVuSans");
    expect(other.bytes.toString("latin1")).toContain("NotoSansSC-Bold");
  });

  it("wraps at spaces within the width, breaks an overlong word or a CJK run between characters, and keeps paragraphs", async () => {
    await render((_doc, text) => {
      const width = 100;
      const lines = text.wrap("alpha beta gamma delta epsilon zeta eta theta\n\nINV-2026-000000000000000000001", width, { size: 10 });
      expect(lines.length).toBeGreaterThan(4);
      expect(lines).toContain("");
      for (const line of lines) expect(text.width(line, { size: 10 })).toBeLessThanOrEqual(width);
      expect(lines.join(" ").replace(/\s+/g, " ")).toContain("alpha beta");
      expect(lines.filter((line) => line.startsWith("INV-")).length).toBe(1);
      expect(lines.slice(lines.indexOf("")).join("")).toBe("INV-2026-000000000000000000001");

      const chinese = text.wrap("北京星辰科技有限公司北京市朝阳区建国路88号".repeat(3), width, { size: 10 });
      expect(chinese.length).toBeGreaterThan(2);
      for (const line of chinese) expect(text.width(line, { size: 10 })).toBeLessThanOrEqual(width);
      expect(chinese.join("")).toBe("北京星辰科技有限公司北京市朝阳区建国路88号".repeat(3));
    });
  });

  it("turns characters no font has into ? and lists them", async () => {
    let missing: string[] = [];
    const { text } = await render((_doc, pdf) => {
      pdf.line("Merci 🎉 ขอบคุณ", 50, 50, { size: 10 });
      missing = [...pdf.missing];
    });
    expect(text).toContain("Merci ?");
    expect(missing).toContain("🎉");
    expect(missing).toContain("ข");
  });
});
