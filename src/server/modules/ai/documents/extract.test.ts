import fc from "fast-check";
import JSZip from "jszip";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { AI_DOCUMENT_TYPES, detectDocumentType, ExtractionError, extractText, type DocumentType, type ExtractedText } from "./extract";

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: (number[] | Uint8Array | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...utf8(part)] : [...part])));
/** Windows-1252 bytes of a string of Latin-1 characters, € and —. */
const cp1252 = (text: string) => new Uint8Array(Array.from(text, (char) => (char === "€" ? 0x80 : char === "—" ? 0x97 : char.charCodeAt(0))));
const utf16 = (text: string, littleEndian: boolean) => {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return out;
};

/** Sections in order, from 0 to the end, without gaps or overlaps, none empty. */
function expectCovering({ text, sections }: ExtractedText) {
  expect(sections.length).toBeGreaterThan(0);
  expect(sections[0]!.start).toBe(0);
  expect(sections.at(-1)!.end).toBe(text.length);
  sections.forEach((section, i) => {
    expect(section.end).toBeGreaterThan(section.start);
    if (i > 0) expect(section.start).toBe(sections[i - 1]!.end);
  });
}

async function extract(type: DocumentType, input: Uint8Array): Promise<ExtractedText> {
  const extracted = await extractText(type, input);
  expectCovering(extracted);
  return extracted;
}

async function failure(type: DocumentType, input: Uint8Array): Promise<string> {
  const error: unknown = await extractText(type, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  return (error as ExtractionError).message;
}

async function pdf(pages: ((doc: PDFKit.PDFDocument) => void)[], userPassword?: string): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4", autoFirstPage: false, info: { CreationDate: new Date(0) }, ...(userPassword ? { userPassword } : {}) });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => doc.on("end", resolve));
  for (const draw of pages) {
    doc.addPage();
    draw(doc);
  }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const paragraph = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A minimal .docx as Word writes it: content types, package relationship, the document and its styles. */
async function docx(body: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  zip.file(
    "word/styles.xml",
    `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`,
  );
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: "uint8array" });
}

describe("detectDocumentType", () => {
  it("accepts the six types by extension (any case), else by MIME type, and nothing else", () => {
    expect(Object.keys(AI_DOCUMENT_TYPES).sort()).toEqual(["csv", "docx", "html", "md", "pdf", "txt"]);
    const text = utf8("hello");
    expect(detectDocumentType("notes.TXT", null, text)).toBe("txt");
    expect(detectDocumentType("readme.markdown", "application/octet-stream", text)).toBe("md");
    expect(detectDocumentType("page.htm", null, text)).toBe("html");
    expect(detectDocumentType("export.csv", "application/vnd.ms-excel", text)).toBe("csv");
    expect(detectDocumentType("notes", "text/markdown; charset=utf-8", text)).toBe("md");
    expect(detectDocumentType("blob", "text/csv", text)).toBe("csv");
    expect(detectDocumentType("tool.exe", "application/octet-stream", text)).toBeNull();
    expect(detectDocumentType("archive.zip", null, bytes([0x50, 0x4b, 3, 4]))).toBeNull();
  });

  it("refuses a renamed file with a message that says what it really is", () => {
    const attempt = (name: string, content: Uint8Array) => {
      try {
        detectDocumentType(name, null, content);
      } catch (error) {
        expect(error).toBeInstanceOf(ExtractionError);
        return (error as Error).message;
      }
      throw new Error(`${name} was accepted`);
    };
    expect(attempt("report.pdf", utf8("just some text"))).toMatch(/not a valid PDF/);
    expect(attempt("report.pdf", bytes([0x50, 0x4b, 3, 4, 0, 0]))).toMatch(/not a valid PDF.*Word or ZIP/);
    expect(attempt("letter.docx", utf8("%PDF-1.7\n"))).toMatch(/not a valid DOCX/);
    expect(attempt("letter.docx", bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toMatch(/old Word document \(\.doc\)/);
    expect(attempt("notes.txt", utf8("%PDF-1.4\n%âãÏÓ\n"))).toMatch(/named as a text file but is a PDF/);
    expect(attempt("empty.pdf", new Uint8Array())).toBe("The file is empty.");
  });
});

describe("extractText: any text, Markdown or HTML input", () => {
  it("gives normalized text and sections that cover it in order, or an ExtractionError", async () => {
    const piece = fc.oneof(
      fc.constantFrom("<p>", "</p>", "<h1>", "</h1>", "<h2>T</h2>", "<br>", "<li>", "<ul>", "</ul>", "<td>", "<tr>", "<table>", "<pre>", "</pre>", "<script>", "</script>", "<nav>", "</nav>", "<head>", "<body>", "<!--", "-->"),
      fc.constantFrom("# ", "## Title\n", "```\n", "**", "_", "[a](b)", "`", "> ", "---\n", "===\n", "| a | b |\n|---|---|\n"),
      fc.constantFrom("&amp;", "&#233;", "&#x1F600;", "&bogus;", "&#0;", "&#150;", "\r\n", "\n\n\n", "  ", "\t", "\u0000", "\ufeff", "e\u0301", "€", "😀"),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.constantFrom<DocumentType>("txt", "md", "html"), async (pieces, type) => {
        const extracted = await extractText(type, utf8(pieces.join(""))).catch((error: unknown) => {
          expect(error).toBeInstanceOf(ExtractionError);
          return null;
        });
        if (!extracted) return;
        expectCovering(extracted);
        const { text } = extracted;
        expect(text).not.toMatch(/\r|\u0000|\ufeff|\n\n\n|[ \t]\n|^\n|\s$/);
        expect(text).toBe(text.normalize("NFC"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("extractText: text files", () => {
  it.each([
    ["UTF-8", utf8("Café crème: 5 €\n")],
    ["UTF-8 with BOM", bytes([0xef, 0xbb, 0xbf], "Café crème: 5 €\n")],
    ["UTF-16LE with BOM", utf16("Café crème: 5 €\r\n", true)],
    ["UTF-16BE with BOM", utf16("Café crème: 5 €\r\n", false)],
    ["Windows-1252", cp1252("Café crème: 5 €\r\n")],
  ])("reads %s", async (_encoding, input) => {
    const { text, sections } = await extract("txt", input);
    expect(text).toBe("Café crème: 5 €");
    expect(sections).toEqual([{ start: 0, end: text.length, heading: null, page: null }]);
  });

  it("normalizes: CRLF and CR to LF, NFC, no NUL or BOM, trailing spaces trimmed, blank lines collapsed", async () => {
    const input = utf8("\r\n\r\nLine one   \r\nLine two\t\r\n\r\n\r\n\r\n  indented\u0000 e\u0301\ufeff\rold mac\n\n\n");
    expect((await extract("txt", input)).text).toBe("Line one\nLine two\n\n  indented é\nold mac");
  });

  it("refuses an empty file, a blank one, and bytes that are no text", async () => {
    expect(await failure("txt", new Uint8Array())).toBe("The file is empty.");
    expect(await failure("txt", utf8(" \r\n\t\n"))).toBe("The file has no text to read.");
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect(await failure("txt", binary)).toMatch(/^Could not read the text: it is not UTF-8, UTF-16 or Windows-1252/);
  });
});

describe("extractText: Markdown", () => {
  it("keeps the words of headings, links and emphasis, the code blocks as written, and cuts sections at headings", async () => {
    const markdown = [
      "Intro with **bold**, _italic_ and a [link](https://example.com/a_(b)).",
      "",
      "# Getting started",
      "",
      "Install with `npm i`, see <https://example.com>.",
      "",
      "```ts",
      "const a = b * c * d; // **not bold**",
      "```",
      "",
      "Setup guide",
      "===========",
      "",
      "> Quoted ~~old~~ text with snake_case_name",
      "",
      "| Col | Other |",
      "|-----|:-----:|",
      "| 1   | 2     |",
      "",
      "---",
      "",
      "## Sub *heading* ##",
      "- item one",
      "- item two",
      "",
    ].join("\r\n");
    const { text, sections } = await extract("md", utf8(markdown));
    expect(text).toBe(
      [
        "Intro with bold, italic and a link.",
        "",
        "Getting started",
        "",
        "Install with npm i, see https://example.com.",
        "",
        "const a = b * c * d; // **not bold**",
        "",
        "Setup guide",
        "",
        "Quoted old text with snake_case_name",
        "",
        "| Col | Other |",
        "| 1   | 2     |",
        "",
        "Sub heading",
        "",
        "- item one",
        "- item two",
      ].join("\n"),
    );
    expect(sections.map((s) => s.heading)).toEqual([null, "Getting started", "Setup guide", "Sub heading"]);
    expect(text.slice(sections[1]!.start, sections[1]!.end)).toMatch(/^Getting started\n\nInstall[\s\S]*\*\*not bold\*\*\n\n$/);
    expect(text.slice(sections[3]!.start)).toBe("Sub heading\n\n- item one\n- item two");
  });
});

describe("extractText: HTML", () => {
  it("reads what a browser shows: no head, script, style or nav; entities decoded; lists, breaks and table rows on lines", async () => {
    const html = `<!DOCTYPE html><html><head><title>Ignored title</title><style>p { color: red }</style>
      <script>var s = "</div><h1>not a heading</h1>";</script></head>
      <body><nav><a href="/">Home</a> <a href="/x">Menu</a></nav>
      <p>Before   the
        first heading&nbsp;&amp; more.</p>
      <h1>Caf&eacute; &#x20AC;5 &ndash; &#150; &#233;&unknown;</h1>
      <p>Line one<br>Line two<br/>Line three</p>
      <!-- a comment <p>hidden</p> -->
      <ul><li>First</li><li>Second <b>bold</b></li></ul>
      <ol><li>One</li><li>Two</li></ol>
      <noscript>Enable JavaScript</noscript><template><p>template</p></template>
      <h2>Prices</h2>
      <table><tr><th>Item</th><th>Price</th></tr><tr><td>Tea</td><td> 2 &lt;3 </td></tr></table>
      <pre>  keep
    this  spacing</pre>
      <p><img src="x.png" alt="A chart"> after</p>
      </body></html>`;
    const { text, sections } = await extract("html", utf8(html));
    expect(text).toBe(
      [
        "Before the first heading & more.",
        "",
        "Café €5 – – é&unknown;",
        "",
        "Line one",
        "Line two",
        "Line three",
        "",
        "- First",
        "- Second bold",
        "",
        "1. One",
        "2. Two",
        "",
        "Prices",
        "",
        "Item | Price",
        "Tea | 2 <3",
        "",
        "  keep",
        "    this  spacing",
        "",
        "A chart after",
      ].join("\n"),
    );
    expect(sections.map((s) => s.heading)).toEqual([null, "Café €5 – – é&unknown;", "Prices"]);
    expect(text.slice(sections[2]!.start)).toMatch(/^Prices\n/);
  });

  it("reads a Windows-1252 page and a page whose <head> is never closed", async () => {
    const { text } = await extract("html", cp1252("<html><head><title>T</title><body><p>Prix: 5 € — déjà</p>"));
    expect(text).toBe("Prix: 5 € — déjà");
  });
});

describe("extractText: CSV", () => {
  it("writes each row as 'Header: value; …' lines, with ; as delimiter, quoted fields, a BOM and CRLF", async () => {
    const csv = '\ufeffName;Note;Amount;Empty\r\n"Müller, Hans";"says ""hi""; then\r\nleaves";12,50;\r\n\r\nDupont;plain;-3;\r\n';
    const { text, sections } = await extract("csv", utf8(csv));
    expect(text).toBe('Name: Müller, Hans; Note: says "hi"; then leaves; Amount: 12,50\nName: Dupont; Note: plain; Amount: -3');
    expect(sections).toEqual([{ start: 0, end: text.length, heading: "Records 1–2", page: null }]);
  });

  it("reads a Windows-1252 export and makes a section per 50 records", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i + 1},Café ${i + 1},${i} €`);
    const { text, sections } = await extract("csv", cp1252(["Id,Name,Price", ...rows].join("\r\n")));
    expect(text.split("\n").filter((line) => line !== "")).toHaveLength(120);
    expect(text.split("\n")[0]).toBe("Id: 1; Name: Café 1; Price: 0 €");
    expect(sections.map((s) => s.heading)).toEqual(["Records 1–50", "Records 51–100", "Records 101–120"]);
    expect(text.slice(sections[1]!.start, sections[1]!.end)).toMatch(/^Id: 51; [\s\S]*Id: 100; Name: Café 100; Price: 99 €\n\n$/);
  });

  it("refuses an empty file and one with only a header", async () => {
    expect(await failure("csv", new Uint8Array())).toBe("The file is empty.");
    expect(await failure("csv", utf8("\r\n\r\n"))).toMatch(/empty or its first row is blank/);
    expect(await failure("csv", utf8("A;B\r\n"))).toBe("The file has no text to read.");
  });
});

describe("extractText: PDF", () => {
  it("reads the text of each page, one section per page", async () => {
    const input = await pdf([
      (doc) => doc.font("Helvetica").fontSize(12).text("Quarterly report, page one: revenue grew.", 50, 50).text("Second line on page one.", 50, 80),
      (doc) => doc.font("Helvetica").fontSize(12).text("Page two: costs fell by 5 €.", 50, 50),
    ]);
    const { text, sections } = await extract("pdf", input);
    expect(sections.map((s) => s.page)).toEqual([1, 2]);
    expect(sections.map((s) => s.heading)).toEqual([null, null]);
    const first = text.slice(sections[0]!.start, sections[0]!.end);
    expect(first).toContain("Quarterly report, page one: revenue grew.");
    expect(first).toContain("Second line on page one.");
    expect(first).not.toContain("Page two");
    expect(text.slice(sections[1]!.start)).toBe("Page two: costs fell by 5 €.");
    expect(first).toBe("Quarterly report, page one: revenue grew.\nSecond line on page one.\n\n");
  });

  it("says so when a PDF has no text layer (a scan), is not a PDF, is damaged or needs a password", async () => {
    const scanned = await pdf([(doc) => doc.rect(50, 50, 400, 600).fill("#888888"), (doc) => doc.circle(200, 200, 50).fill("#444444")]);
    expect(await failure("pdf", scanned)).toMatch(/^This PDF has no text layer \(scanned\?\)/);
    expect(await failure("pdf", utf8("Name,Amount\n"))).toMatch(/^The file is not a valid PDF/);
    expect(await failure("pdf", utf8("%PDF-1.7\ngarbage that is not a PDF"))).toMatch(/^The file is not a valid PDF, or it is damaged/);
    const locked = await pdf([(doc) => doc.text("Secret", 50, 50)], "open-sesame");
    expect(await failure("pdf", locked)).toMatch(/^This PDF is protected by a password/);
  });
});

describe("extractText: DOCX", () => {
  it("reads paragraphs, headings (as sections) and tables", async () => {
    const input = await docx(
      paragraph("Preface text.") +
        paragraph("Installation", "Heading1") +
        paragraph("Run the installer &amp; restart.") +
        `<w:tbl><w:tr><w:tc>${paragraph("Key")}</w:tc><w:tc>${paragraph("Value")}</w:tc></w:tr><w:tr><w:tc>${paragraph("Port")}</w:tc><w:tc>${paragraph("8080")}</w:tc></w:tr></w:tbl>` +
        paragraph("Details", "Heading2") +
        paragraph("More."),
    );
    const { text, sections } = await extract("docx", input);
    expect(text).toBe("Preface text.\n\nInstallation\n\nRun the installer & restart.\n\nKey | Value\nPort | 8080\n\nDetails\n\nMore.");
    expect(sections.map((s) => [s.heading, text.slice(s.start, s.end)])).toEqual([
      [null, "Preface text.\n\n"],
      ["Installation", "Installation\n\nRun the installer & restart.\n\nKey | Value\nPort | 8080\n\n"],
      ["Details", "Details\n\nMore."],
    ]);
  });

  it("refuses a ZIP that is not a Word document and a document without text", async () => {
    const zip = new JSZip();
    zip.file("hello.txt", "hello");
    expect(await failure("docx", await zip.generateAsync({ type: "uint8array" }))).toMatch(/^The file is not a valid DOCX/);
    expect(await failure("docx", await docx(paragraph("")))).toBe("The document has no text.");
  });
});
