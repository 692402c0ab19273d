import PDFDocument from "pdfkit";
import { minorDigits } from "../../../../lib/money";
import { logger } from "../../../platform/logger";
import { checkPdfImage } from "../../../platform/pdf-image";
import { pdfText, type FontFace, type PdfText } from "../../../platform/pdf-text";
import { writtenAmount } from "../amounts";

/*
 * The PDF of an invoice, bill or credit note (A4, pdfkit). Amounts arrive as minor units text
 * and are shown with the currency's digits, grouped by thousands, exactly (no floats). Fonts:
 * src/server/platform/pdf-text.ts (Helvetica, then embedded DejaVu Sans or Noto Sans SC for a
 * string Helvetica cannot draw). The same data gives the same bytes: the creation date is the
 * issue date.
 */

export type DocumentPdfData = {
  kind: "invoice" | "bill" | "credit_note";
  title: string; // "Invoice", "Credit note"
  number: string; // "INV-2026-0001"
  issueDate: string;
  dueDate: string | null; // YYYY-MM-DD
  currency: string; // ISO 4217
  organization: { name: string; address: string | null; logo: { bytes: Uint8Array | null; objectKey?: string | null; contentType: string } | null };
  party: { label: string; name: string; address: string | null; email: string | null }; // label: "Bill to"
  lines: { description: string; quantity: string; unit: string | null; unitPrice: string; discountPercent: string | null; taxes: string[]; net: string }[];
  taxes: { name: string; ratePercent: string; base: string; amount: string }[];
  subtotal: string;
  taxTotal: string;
  total: string;
  paid: string;
  due: string; // all money as minor units text, e.g. "1250" = 12.50
  paymentTerms: string | null;
  notes: string | null;
  footer: string | null;
};

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 48;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const RIGHT = MARGIN + CONTENT_WIDTH;
const INK = "#111111";
const MUTED = "#6b7280";
const RULE = "#d1d5db";
const BODY = 9;
const LINE = 11.5;
const FOOTER_SIZE = 7.5;
const FOOTER_LINE = 9.5;
const FOOTER_MAX_LINES = 6;
const LOGO_BOX = { width: 160, height: 64 };

/* ------------------------------------------------------------------ numbers */

const AMOUNT = /^-?\d+(\.\d+)?$/;

function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "123450" EUR → "1,234.50"; "-5" JPY → "-5"; a stored fraction ("12.5" USD) keeps its extra digits: "0.125". */
function formatPdfAmount(minor: string, currency: string): string {
  const trimmed = minor.trim();
  if (!AMOUNT.test(trimmed)) throw new Error(`Not an amount in minor units: "${minor}".`);
  const written = writtenAmount(trimmed, currency);
  const negative = written.startsWith("-");
  const [whole = "0", fraction = ""] = written.replace(/^-/, "").split(".");
  const decimals = fraction.padEnd(minorDigits(currency), "0");
  return `${negative ? "-" : ""}${groupThousands(whole)}${decimals ? `.${decimals}` : ""}`;
}

/** "1500.000" → "1,500"; "2.50" → "2.5": quantities and percentages as people write them. */
function formatDecimal(text: string): string {
  const trimmed = text.trim();
  if (!AMOUNT.test(trimmed)) return trimmed;
  const negative = trimmed.startsWith("-");
  const [whole = "0", fraction = ""] = trimmed.replace(/^-/, "").split(".");
  const decimals = fraction.replace(/0+$/, "");
  const integer = groupThousands(whole.replace(/^0+(?=\d)/, ""));
  const value = decimals ? `${integer}.${decimals}` : integer;
  return negative && value !== "0" ? `-${value}` : value;
}

function isZero(minor: string): boolean {
  return /^-?0*(\.0*)?$/.test(minor.trim());
}

/* ------------------------------------------------------------------ layout */

type Column = { key: "description" | "quantity" | "unitPrice" | "discount" | "taxes" | "net"; label: string; width: number; align: "left" | "right" };

/** The lines table's columns: discount and tax columns only when some line has one; the description takes what is left. */
function columns(data: DocumentPdfData): Column[] {
  const fixed: Column[] = [
    { key: "quantity", label: "Qty", width: 62, align: "right" },
    { key: "unitPrice", label: "Unit price", width: 74, align: "right" },
  ];
  if (data.lines.some((line) => line.discountPercent !== null && !isZero(line.discountPercent))) fixed.push({ key: "discount", label: "Disc.", width: 40, align: "right" });
  if (data.lines.some((line) => line.taxes.length > 0)) fixed.push({ key: "taxes", label: "Tax", width: 78, align: "left" });
  fixed.push({ key: "net", label: `Amount (${data.currency})`, width: 84, align: "right" });
  const description = CONTENT_WIDTH - fixed.reduce((sum, column) => sum + column.width, 0);
  return [{ key: "description", label: "Description", width: description, align: "left" }, ...fixed];
}

const CELL_PAD = 4;

type Layout = {
  doc: PDFKit.PDFDocument;
  text: PdfText;
  data: DocumentPdfData;
  y: number;
  /** Lowest y content may reach on a page (the footer is below). */
  bottom: number;
};

function newPage(layout: Layout): void {
  layout.doc.addPage();
  layout.y = MARGIN;
  // Later pages name the document at the top, so a loose page can be matched.
  layout.text.line(`${layout.data.title} ${layout.data.number}`, MARGIN, layout.y, { size: 8, color: MUTED, width: CONTENT_WIDTH, align: "right" });
  layout.y += 20;
}

/** Starts a new page unless `height` more points fit on this one. */
function ensure(layout: Layout, height: number): boolean {
  if (layout.y + height <= layout.bottom) return false;
  newPage(layout);
  return true;
}

function rule(layout: Layout, y: number, x = MARGIN, width = CONTENT_WIDTH, color = RULE): void {
  layout.doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.6).strokeColor(color).stroke();
}

/** Wrapped lines drawn one by one, flowing onto new pages. */
function paragraph(layout: Layout, text: string, options: { x?: number; width?: number; size?: number; face?: FontFace; color?: string } = {}): void {
  const { x = MARGIN, width = CONTENT_WIDTH, size = BODY, face = "regular", color = INK } = options;
  const lineHeight = size * 1.28;
  for (const line of layout.text.wrap(text, width, { size, face })) {
    ensure(layout, lineHeight);
    layout.text.line(line, x, layout.y, { size, face, color });
    layout.y += lineHeight;
  }
}

function drawLogo(layout: Layout, x: number, y: number): number {
  const logo = layout.data.organization.logo;
  // No bytes: an object-stored logo nobody fetched (withLogoBytes) is left out.
  if (!logo?.bytes) return 0;
  const check = checkPdfImage(logo.bytes);
  if (!check.ok) {
    logger.warn({ event: "pdf_logo_skipped", document: layout.data.number, contentType: logo.contentType, reason: check.reason }, "logo left out of the PDF");
    return 0;
  }
  try {
    // Never enlarged (a small logo stays sharp); `fit` keeps pdfkit's own proportions (EXIF rotation).
    const scale = Math.min(LOGO_BOX.width / check.width, LOGO_BOX.height / check.height, 1);
    const bytes = Buffer.from(logo.bytes.buffer, logo.bytes.byteOffset, logo.bytes.byteLength);
    layout.doc.image(bytes, x, y, { fit: [check.width * scale, check.height * scale] });
    return check.height * scale;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn({ event: "pdf_logo_skipped", document: layout.data.number, contentType: logo.contentType, reason }, "logo left out of the PDF");
    return 0;
  }
}

function drawHeader(layout: Layout): void {
  const { data, text } = layout;
  const top = MARGIN;

  // Left: logo, organization name and address.
  const leftWidth = CONTENT_WIDTH * 0.5;
  let left = top;
  const logoHeight = drawLogo(layout, MARGIN, left);
  if (logoHeight > 0) left += logoHeight + 10;
  for (const line of text.wrap(data.organization.name, leftWidth, { size: 12, face: "bold" })) {
    text.line(line, MARGIN, left, { size: 12, face: "bold" });
    left += 15;
  }
  // The header is not allowed to run off the first page: an address past 10 lines is cut.
  for (const line of data.organization.address ? text.wrap(data.organization.address, leftWidth, { size: BODY }).slice(0, 10) : []) {
    text.line(line, MARGIN, left, { size: BODY, color: MUTED });
    left += LINE;
  }

  // Right: title, number and dates.
  const rightWidth = 210;
  const rightX = RIGHT - rightWidth;
  let right = top;
  for (const line of text.wrap(data.title, rightWidth, { size: 20, face: "bold" })) {
    text.line(line, rightX, right, { size: 20, face: "bold", width: rightWidth, align: "right" });
    right += 24;
  }
  right += 6;
  const meta: [string, string][] = [
    ["Number", data.number],
    ["Issue date", data.issueDate],
  ];
  if (data.dueDate) meta.push(["Due date", data.dueDate]);
  for (const [label, value] of meta) {
    text.line(label, rightX, right, { size: BODY, color: MUTED });
    text.line(value, rightX + 70, right, { size: BODY, face: "bold", width: rightWidth - 70, align: "right" });
    right += 14;
  }

  layout.y = Math.max(left, right) + 22;

  // The party: "Bill to", name, address, email.
  const partyWidth = CONTENT_WIDTH * 0.55;
  text.line(data.party.label, MARGIN, layout.y, { size: 8, face: "bold", color: MUTED });
  layout.y += 12;
  paragraph(layout, data.party.name, { width: partyWidth, size: 10, face: "bold" });
  if (data.party.address) paragraph(layout, data.party.address, { width: partyWidth });
  if (data.party.email) paragraph(layout, data.party.email, { width: partyWidth, color: MUTED });
  layout.y += 18;
}

function drawTableHeader(layout: Layout, cols: Column[]): void {
  const height = 18;
  layout.doc.rect(MARGIN, layout.y, CONTENT_WIDTH, height).fill("#f3f4f6");
  let x = MARGIN;
  for (const column of cols) {
    layout.text.line(column.label, x + CELL_PAD, layout.y + 5, { size: 8, face: "bold", color: MUTED, width: column.width - 2 * CELL_PAD, align: column.align });
    x += column.width;
  }
  layout.y += height;
}

function cellText(line: DocumentPdfData["lines"][number], key: Column["key"], currency: string): string {
  switch (key) {
    case "description":
      return line.description;
    case "quantity":
      return line.unit ? `${formatDecimal(line.quantity)} ${line.unit}` : formatDecimal(line.quantity);
    case "unitPrice":
      return formatPdfAmount(line.unitPrice, currency);
    case "discount":
      return line.discountPercent !== null && !isZero(line.discountPercent) ? `${formatDecimal(line.discountPercent)}%` : "";
    case "taxes":
      return line.taxes.join(", ");
    case "net":
      return formatPdfAmount(line.net, currency);
  }
}

function drawLines(layout: Layout): void {
  const { data, text } = layout;
  const cols = columns(data);
  ensure(layout, 18 + LINE + 2 * CELL_PAD);
  drawTableHeader(layout, cols);
  for (const line of data.lines) {
    const cells = cols.map((column) => text.wrap(cellText(line, column.key, data.currency), column.width - 2 * CELL_PAD, { size: BODY }));
    const rows = Math.max(1, ...cells.map((cell) => cell.length));
    // A row goes whole to the next page when it fits there; one taller than a page is split.
    if (layout.y + rows * LINE + 2 * CELL_PAD > layout.bottom) {
      newPage(layout);
      drawTableHeader(layout, cols);
    }
    let done = 0;
    while (done < rows) {
      const fit = Math.max(1, Math.floor((layout.bottom - layout.y - 2 * CELL_PAD) / LINE));
      const take = Math.min(fit, rows - done);
      let x = MARGIN;
      cols.forEach((column, index) => {
        cells[index]!.slice(done, done + take).forEach((cellLine, row) => {
          text.line(cellLine, x + CELL_PAD, layout.y + CELL_PAD + row * LINE, { size: BODY, width: column.width - 2 * CELL_PAD, align: column.align });
        });
        x += column.width;
      });
      layout.y += take * LINE + 2 * CELL_PAD;
      done += take;
      if (done < rows) {
        newPage(layout);
        drawTableHeader(layout, cols);
      } else {
        rule(layout, layout.y);
      }
    }
  }
  layout.y += 12;
}

function drawTotals(layout: Layout): void {
  const { data, text } = layout;
  const money = (minor: string) => `${formatPdfAmount(minor, data.currency)} ${data.currency}`;
  const rows: { label: string; value: string; strong?: boolean; ruleAbove?: boolean }[] = [
    { label: "Subtotal", value: money(data.subtotal) },
    { label: "Tax", value: money(data.taxTotal) },
    { label: "Total", value: money(data.total), strong: true, ruleAbove: true },
  ];
  if (!isZero(data.paid)) {
    rows.push({ label: data.kind === "credit_note" ? "Applied" : "Paid", value: money(data.paid) });
    rows.push({ label: data.kind === "credit_note" ? "Remaining" : "Amount due", value: money(data.due), strong: true, ruleAbove: true });
  }
  const width = 240;
  const x = RIGHT - width;
  const rowHeight = 16;
  ensure(layout, rows.length * rowHeight + 4);
  for (const row of rows) {
    if (row.ruleAbove) rule(layout, layout.y - 2, x, width, "#9ca3af");
    const face: FontFace = row.strong ? "bold" : "regular";
    const size = row.strong ? 10 : BODY;
    text.line(row.label, x, layout.y + 2, { size, face, color: row.strong ? INK : MUTED });
    text.line(row.value, x + 90, layout.y + 2, { size, face, width: width - 90, align: "right" });
    layout.y += rowHeight;
  }
  layout.y += 14;
}

function drawTaxSummary(layout: Layout): void {
  const { data, text } = layout;
  if (data.taxes.length === 0) return;
  const cols = [
    { label: "Tax", width: CONTENT_WIDTH - 60 - 120 - 120, align: "left" as const },
    { label: "Rate", width: 60, align: "right" as const },
    { label: `Base (${data.currency})`, width: 120, align: "right" as const },
    { label: `Tax (${data.currency})`, width: 120, align: "right" as const },
  ];
  ensure(layout, 16 + 18 + LINE + 2 * CELL_PAD);
  text.line("Tax summary", MARGIN, layout.y, { size: BODY, face: "bold" });
  layout.y += 16;
  const header = () => {
    let x = MARGIN;
    for (const column of cols) {
      text.line(column.label, x + CELL_PAD, layout.y, { size: 8, face: "bold", color: MUTED, width: column.width - 2 * CELL_PAD, align: column.align });
      x += column.width;
    }
    layout.y += 12;
    rule(layout, layout.y);
    layout.y += 2;
  };
  header();
  for (const tax of data.taxes) {
    const cells = [tax.name, `${formatDecimal(tax.ratePercent)}%`, formatPdfAmount(tax.base, data.currency), formatPdfAmount(tax.amount, data.currency)].map((value, index) =>
      text.wrap(value, cols[index]!.width - 2 * CELL_PAD, { size: BODY }),
    );
    const rows = Math.max(1, ...cells.map((cell) => cell.length));
    if (ensure(layout, rows * LINE + 6)) header();
    let x = MARGIN;
    cells.forEach((cell, index) => {
      cell.forEach((cellLine, row) => {
        text.line(cellLine, x + CELL_PAD, layout.y + 3 + row * LINE, { size: BODY, width: cols[index]!.width - 2 * CELL_PAD, align: cols[index]!.align });
      });
      x += cols[index]!.width;
    });
    layout.y += rows * LINE + 6;
  }
  layout.y += 12;
}

function drawSection(layout: Layout, heading: string, body: string | null): void {
  if (!body || body.trim() === "") return;
  ensure(layout, 14 + LINE);
  layout.text.line(heading, MARGIN, layout.y, { size: BODY, face: "bold" });
  layout.y += 14;
  paragraph(layout, body.trim());
  layout.y += 12;
}

/** Footer and "Page i of n" on every page, once all pages exist. */
function drawFooters(layout: Layout, footerLines: string[]): void {
  const { doc, text } = layout;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    let y = PAGE.height - MARGIN - FOOTER_LINE;
    text.line(`Page ${index - range.start + 1} of ${range.count}`, MARGIN, y, { size: FOOTER_SIZE, color: MUTED, width: CONTENT_WIDTH, align: "right" });
    y -= footerLines.length * FOOTER_LINE + 4;
    if (footerLines.length > 0) rule(layout, y - 4);
    for (const line of footerLines) {
      text.line(line, MARGIN, y, { size: FOOTER_SIZE, color: MUTED, width: CONTENT_WIDTH, align: "center" });
      y += FOOTER_LINE;
    }
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** The PDF of a document. Never throws for what the data holds (a logo it cannot draw is left out, a character no font has is drawn as "?" and logged); throws for an amount that is not minor units text. */
export async function renderDocumentPdf(data: DocumentPdfData): Promise<Buffer> {
  // Amounts are checked before anything is drawn.
  for (const amount of [data.subtotal, data.taxTotal, data.total, data.paid, data.due, ...data.lines.flatMap((line) => [line.unitPrice, line.net]), ...data.taxes.flatMap((tax) => [tax.base, tax.amount])]) {
    formatPdfAmount(amount, data.currency);
  }
  const creationDate = /^\d{4}-\d{2}-\d{2}$/.test(data.issueDate) ? new Date(`${data.issueDate}T00:00:00Z`) : new Date(0);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${data.title} ${data.number}`, Author: data.organization.name, Subject: data.title, Creator: "NeuroOps", Producer: "NeuroOps (pdfkit)", CreationDate: creationDate },
  });
  const bytes = collect(doc);
  const text = pdfText(doc);
  const footerLines = data.footer ? text.wrap(data.footer.trim(), CONTENT_WIDTH, { size: FOOTER_SIZE }).slice(0, FOOTER_MAX_LINES) : [];
  const bottom = PAGE.height - MARGIN - FOOTER_LINE - (footerLines.length > 0 ? footerLines.length * FOOTER_LINE + 12 : 0) - 10;
  const layout: Layout = { doc, text, data, y: MARGIN, bottom };

  drawHeader(layout);
  drawLines(layout);
  drawTotals(layout);
  drawTaxSummary(layout);
  drawSection(layout, "Payment terms", data.paymentTerms);
  drawSection(layout, "Notes", data.notes);
  drawFooters(layout, footerLines);

  if (text.missing.size > 0) {
    logger.warn({ event: "pdf_missing_glyphs", document: data.number, characters: [...text.missing].join("") }, "characters no PDF font can draw were printed as ?");
  }
  if (text.rightToLeft.size > 0) {
    logger.warn({ event: "pdf_right_to_left_text", document: data.number, texts: [...text.rightToLeft].slice(0, 5) }, "right-to-left text is not laid out right to left in the PDF");
  }
  doc.end();
  return bytes;
}
