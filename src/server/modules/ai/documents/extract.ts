import mammoth from "mammoth";
import { extractText as pdfPageTexts } from "unpdf";
import { DomainError, ValidationFailed } from "@/server/platform/errors";
import { cleanCell, readHead } from "@/server/records/import/parse";
import { htmlParts, type TextPart } from "./extract-html";
import { decodeText as decodeBytes } from "../../../platform/text-encoding";
import { markdownParts } from "./extract-markdown";

/*
 * The text of an uploaded document, as a reader sees it, with where each heading or PDF page
 * starts in it. The chunker cuts this text and the document viewer highlights passages by
 * offsets into it, so `text` is final: normalized once, here, and never changed afterwards.
 */

export type DocumentType = "txt" | "md" | "html" | "csv" | "pdf" | "docx";

/** What an upload may be: its file name's extension, or else the type the browser reports. */
export const AI_DOCUMENT_TYPES: Record<DocumentType, { extensions: readonly string[]; mimeTypes: readonly string[] }> = {
  txt: { extensions: ["txt"], mimeTypes: ["text/plain"] },
  md: { extensions: ["md", "markdown"], mimeTypes: ["text/markdown", "text/x-markdown"] },
  html: { extensions: ["html", "htm"], mimeTypes: ["text/html", "application/xhtml+xml"] },
  // Browsers on Windows report a .csv as Excel's type when Excel is installed.
  csv: { extensions: ["csv"], mimeTypes: ["text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel"] },
  pdf: { extensions: ["pdf"], mimeTypes: ["application/pdf"] },
  docx: { extensions: ["docx"], mimeTypes: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] },
};

/** A part of the text: [start, end) in `text`, under the nearest heading and/or on a PDF page (1-based). */
export type TextSection = { start: number; end: number; heading: string | null; page: number | null };

/** Sections are in order and cover the text without gaps (the first starts at 0, the last ends at its length). */
export type ExtractedText = { text: string; sections: TextSection[] };

/** A document whose text cannot be read; the message is meant for the person who uploaded it. */
export class ExtractionError extends DomainError {}

const NOT_TEXT = "Could not read the text: it is not UTF-8, UTF-16 or Windows-1252 text. Save it as UTF-8 text and upload it again.";

const EMPTY = "The file is empty.";
const NO_TEXT = "The file has no text to read.";
/** CSV rows per section: the chunker keeps a section's rows together under one heading. */
const CSV_ROWS_PER_SECTION = 50;

const DESCRIPTIONS: Record<DocumentType, string> = {
  txt: "a text file",
  md: "a Markdown file",
  html: "an HTML page",
  csv: "a CSV file",
  pdf: "a PDF",
  docx: "a Word document (.docx)",
};

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\3\4"
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]; // Word 97–2003 (.doc) and other old Office files

/** What the bytes are, when a signature says so: a file named .txt may be a PDF. */
function sniff(bytes: Uint8Array): "pdf" | "zip" | "ole" | null {
  if (startsWith(bytes, PDF_MAGIC)) return "pdf";
  if (startsWith(bytes, ZIP_MAGIC)) return "zip";
  if (startsWith(bytes, OLE_MAGIC)) return "ole";
  return null;
}

/** Throws when the bytes are not what the type says (a renamed file), with what to do about it. */
function checkSignature(type: DocumentType, bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new ExtractionError(EMPTY);
  const found = sniff(bytes);
  // Some PDF writers put a few bytes of junk before the header; readers accept it within the first KB.
  const pdfWithJunk = () => new TextDecoder("latin1").decode(bytes.subarray(0, 1024)).includes("%PDF-");
  if (type === "pdf" && found !== "pdf" && !pdfWithJunk()) {
    throw new ExtractionError(`The file is not a valid PDF (it does not start with %PDF).${found === "zip" ? " It looks like a Word or ZIP file." : ""} Upload the original PDF.`);
  }
  if (type === "docx" && found !== "zip") {
    throw new ExtractionError(
      found === "ole"
        ? "The file is not a valid DOCX: it is an old Word document (.doc). Open it in Word and save it as .docx, then upload it again."
        : "The file is not a valid DOCX (a .docx is a ZIP archive, and this is not one). Upload the original .docx file.",
    );
  }
  if (type !== "pdf" && type !== "docx" && found !== null) {
    const actual = found === "pdf" ? "a PDF" : found === "zip" ? "a ZIP archive (a .docx?)" : "an old Office document";
    throw new ExtractionError(`The file is named as ${DESCRIPTIONS[type]} but is ${actual}. Rename it with the right extension and upload it again.`);
  }
}

/**
 * The type of an upload: by its file name's extension, else by its MIME type; null when
 * neither is one we read. Throws ExtractionError when the content contradicts the type (a
 * renamed file), so the person learns what is wrong instead of "unsupported".
 */
export function detectDocumentType(fileName: string, mimeType: string | null, bytes: Uint8Array): DocumentType | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  const mime = mimeType?.split(";")[0]?.trim().toLowerCase();
  const entries = Object.entries(AI_DOCUMENT_TYPES) as [DocumentType, (typeof AI_DOCUMENT_TYPES)[DocumentType]][];
  const type =
    entries.find(([, accepted]) => extension !== undefined && accepted.extensions.includes(extension))?.[0] ??
    entries.find(([, accepted]) => mime !== undefined && accepted.mimeTypes.includes(mime))?.[0] ??
    null;
  if (type) checkSignature(type, bytes);
  return type;
}

function decodeText(bytes: Uint8Array): string {
  const text = decodeBytes(bytes);
  if (text === null) throw new ExtractionError(NOT_TEXT);
  return text;
}

/**
 * The text as stored: line ends as \n, NFC, no control characters (tabs kept), no spaces at
 * line ends, at most one blank line in a row, none at the start or end.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?|[\u000b\u000c\u0085\u2028\u2029]/g, "\n")
    .normalize("NFC")
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff]/g, "")
    .replace(/[ \t\u00a0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

/**
 * Parts joined into the final text, one blank line between them. Each part is normalized
 * alone (so the joins are exactly "\n\n" and the whole stays normalized); empty parts go;
 * neighbours under the same heading and page make one section. A section ends where the next
 * starts (the blank line between belongs to the one before).
 */
export function assemble(parts: TextPart[]): ExtractedText {
  const pieces: string[] = [];
  const sections: TextSection[] = [];
  let length = 0;
  for (const part of parts) {
    const text = normalizeText(part.text);
    if (text === "") continue;
    const start = pieces.length === 0 ? 0 : length + 2;
    if (pieces.length > 0) pieces.push("\n\n");
    pieces.push(text);
    length = start + text.length;
    const previous = sections.at(-1);
    if (previous && previous.heading === part.heading && previous.page === part.page) previous.end = length;
    else {
      if (previous) previous.end = start;
      sections.push({ start, end: length, heading: part.heading, page: part.page });
    }
  }
  return { text: pieces.join(""), sections };
}

async function pdfParts(bytes: Uint8Array): Promise<TextPart[]> {
  let pages: string[];
  try {
    // Given bytes (not a document proxy), unpdf destroys pdf.js's document when done. pdf.js takes
    // ownership of the buffer (it is transferred to its worker): hand it a copy.
    pages = (await pdfPageTexts(bytes.slice(), { mergePages: false })).text;
  } catch (error) {
    if (error instanceof Error && error.name === "PasswordException") {
      throw new ExtractionError("This PDF is protected by a password. Remove the protection (print it to a new PDF) and upload it again.");
    }
    throw new ExtractionError("The file is not a valid PDF, or it is damaged. Open it in a PDF reader, save a new copy and upload that.");
  }
  const parts = pages.map((text, i) => ({ text, heading: null, page: i + 1 }));
  if (parts.every((part) => normalizeText(part.text) === "")) {
    throw new ExtractionError(
      "This PDF has no text layer (scanned?): its pages are images, and images are not read. Run it through OCR (most scanners and PDF tools can) and upload the result.",
    );
  }
  return parts;
}

async function docxParts(bytes: Uint8Array): Promise<TextPart[]> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are not text: an empty src saves encoding each one as base64 only to drop it.
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    html = result.value;
  } catch {
    throw new ExtractionError("The file is not a valid DOCX: it is damaged, or it is another kind of ZIP archive. Open it in Word, save it as .docx and upload it again.");
  }
  return htmlParts(html);
}

function csvParts(bytes: Uint8Array): TextPart[] {
  let headers: string[];
  let rows: string[][];
  try {
    // The CSV import's reader: encoding (UTF-8, UTF-16, Windows-1252), delimiter (the header's ; , tab or |), unique headers, blank rows out.
    const head = readHead(bytes, true, Number.POSITIVE_INFINITY);
    headers = head.headers;
    rows = head.rows;
  } catch (error) {
    if (error instanceof ValidationFailed) throw new ExtractionError(/empty/i.test(error.message) ? "The file is empty or its first row is blank: the first row must name the columns." : NOT_TEXT);
    throw error;
  }
  // Each row a line that says what each value is, so any chunk of it reads on its own; empty cells left out.
  const lines = rows.map((cells) =>
    cells
      .map((cell, i) => [headers[i] ?? `Column ${i + 1}`, cleanCell(cell).replace(/\s+/g, " ")] as const)
      .filter(([, value]) => value !== "")
      .map(([header, value]) => `${header}: ${value}`)
      .join("; "),
  );
  const parts: TextPart[] = [];
  for (let first = 0; first < lines.length; first += CSV_ROWS_PER_SECTION) {
    const group = lines.slice(first, first + CSV_ROWS_PER_SECTION);
    // Record numbers count data rows (the header and blank rows not counted).
    parts.push({ text: group.join("\n"), heading: `Records ${first + 1}–${first + group.length}`, page: null });
  }
  return parts;
}

/**
 * The text of a document and its sections. Throws ExtractionError (a message for the person
 * who uploaded it) when there is no text to be had.
 */
export async function extractText(type: DocumentType, bytes: Uint8Array): Promise<ExtractedText> {
  checkSignature(type, bytes);
  let parts: TextPart[];
  switch (type) {
    case "txt":
      parts = [{ text: decodeText(bytes), heading: null, page: null }];
      break;
    case "md":
      parts = markdownParts(normalizeText(decodeText(bytes)));
      break;
    case "html":
      parts = htmlParts(decodeText(bytes));
      break;
    case "csv":
      parts = csvParts(bytes);
      break;
    case "pdf":
      parts = await pdfParts(bytes);
      break;
    case "docx":
      parts = await docxParts(bytes);
      break;
  }
  const extracted = assemble(parts);
  if (extracted.text === "") throw new ExtractionError(type === "docx" ? "The document has no text." : NO_TEXT);
  return extracted;
}
