import { readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";

/*
 * Text in PDFs made with pdfkit: which font can draw a string, and wrapping it into lines.
 *
 * pdfkit's standard Helvetica is not embedded (small files) but only knows WinAnsi (Western
 * European): given "Иван" or "北京" it writes wrong bytes without a word, and the PDF shows
 * garbage. So each paragraph of a string is drawn with the first font of this chain that has
 * every one of its characters, the font embedded as a subset of the glyphs used:
 *   1. Helvetica (built in): WinAnsi, i.e. Latin-1 plus € – — “ ” ‘ ’ … • ™ Š š Ž ž Œ œ Ÿ.
 *   2. DejaVu Sans (npm `dejavu-fonts-ttf`; Bitstream Vera licence, DejaVu changes public
 *      domain: free to embed and redistribute): Latin Extended (Polish, Czech, Turkish,
 *      Vietnamese…), Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic and more.
 *   3. Noto Sans SC (npm `@expo-google-fonts/noto-sans-sc`, SIL OFL 1.1): Chinese (simplified
 *      and traditional hanzi), Japanese kana and kanji, with Latin and Cyrillic.
 * The fonts come from npm packages (installed with the app, never from the system's fonts) and
 * are read from node_modules under the working directory, as the migrations are read from
 * ./drizzle. A paragraph that no font covers whole (Korean, Thai, emoji…) is drawn with the font
 * that has most of it, each missing character as "?", and the characters are reported in
 * `missing` so the caller can log them: never silent garbage.
 * Known limit: right-to-left text (Hebrew, Arabic) is shaped word by word, but the words of a
 * string come out in the wrong order and its spaces are lost (pdfkit has no bidi layout); such
 * strings are reported in `rightToLeft` so the caller can log them.
 */

const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

export type FontFace = "regular" | "bold";

/** Where the baseline sits below the top of a line, in ems (Helvetica's ascender, which pdfkit's default placement used). */
const ASCENT = 0.718;

type ChainFont = {
  name: string;
  /** pdfkit's built-in name, or a TTF file inside node_modules. */
  source: { builtIn: string } | { file: string };
  covers: (codePoint: number) => boolean;
};

/** Code points above Latin-1 that WinAnsi has (0x80–0x9F in the encoding). */
const WIN_ANSI_EXTRA = new Set(
  [0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178],
);

function winAnsi(codePoint: number): boolean {
  return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff) || WIN_ANSI_EXTRA.has(codePoint);
}

const TTF_FILES: Record<string, Record<FontFace, string>> = {
  DejaVuSans: { regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf", bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf" },
  NotoSansSC: {
    regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
  },
};

type LoadedFont = { bytes: Buffer; font: fontkit.Font };
const loaded = new Map<string, LoadedFont>();

/** Reads a font file once per process (Noto Sans SC is 10 MB: only when a string needs it). */
function loadFont(file: string): LoadedFont {
  let font = loaded.get(file);
  if (!font) {
    const bytes = readFileSync(path.join(process.cwd(), "node_modules", file));
    const parsed = fontkit.create(bytes);
    if (!("hasGlyphForCodePoint" in parsed)) throw new Error(`${file} is a font collection, not one font.`);
    font = { bytes, font: parsed };
    loaded.set(file, font);
  }
  return font;
}

function chain(face: FontFace): ChainFont[] {
  const ttf = (family: string): ChainFont => {
    const file = TTF_FILES[family]![face];
    return { name: `${family}-${face}`, source: { file }, covers: (codePoint) => loadFont(file).font.hasGlyphForCodePoint(codePoint) };
  };
  return [
    { name: face === "bold" ? "Helvetica-Bold" : "Helvetica", source: { builtIn: face === "bold" ? "Helvetica-Bold" : "Helvetica" }, covers: winAnsi },
    ttf("DejaVuSans"),
    ttf("NotoSansSC"),
  ];
}

const CHAINS: Record<FontFace, ChainFont[]> = { regular: chain("regular"), bold: chain("bold") };

/** Spaces that fonts lack or Intl writes (narrow no-break, thin, figure) become plain ones; tabs too; other controls go. */
export function normalizePdfText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\t\u2007\u2009\u202f]/g, " ")
    .replace(/[\u2011\u2212]/g, "-")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g, "");
}

export type PdfTextOptions = { face?: FontFace; size: number; color?: string };

export type PdfText = {
  /** Characters that no font could draw, in the order met (drawn as "?"). */
  readonly missing: Set<string>;
  /** Strings with right-to-left characters (drawn, but not laid out right to left). */
  readonly rightToLeft: Set<string>;
  /** The text's lines within `width` points: paragraphs at "\n", words at spaces, an overlong word (or CJK run) where it must. */
  wrap(text: string, width: number, options: PdfTextOptions): string[];
  /** Width in points of one line. */
  width(text: string, options: PdfTextOptions): number;
  /** Draws one line with its top at y; `align: "right"` ends it at x + width. */
  line(text: string, x: number, y: number, options: PdfTextOptions & { width?: number; align?: "left" | "right" | "center" }): void;
};

function choiceKey(text: string, face: FontFace): string {
  return `${face}\u0000${text}`;
}

/** Text drawing for one pdfkit document (fonts are registered in it as they are first needed). */
export function pdfText(doc: PDFKit.PDFDocument): PdfText {
  const registered = new Set<string>();
  const missing = new Set<string>();
  const rightToLeft = new Set<string>();
  const choices = new Map<string, { font: string; text: string }>();

  /** The font for the whole of `text` (so all its lines match), and the text as that font will draw it. */
  function choose(text: string, face: FontFace): { font: string; text: string } {
    const key = choiceKey(text, face);
    const cached = choices.get(key);
    if (cached) return cached;
    if (RIGHT_TO_LEFT.test(text)) rightToLeft.add(text);
    const characters = [...new Set(Array.from(text.replace(/[\n ]/g, "")))];
    const codePoints = characters.map((character) => character.codePointAt(0)!);
    const fonts = CHAINS[face];
    let best = fonts[0]!;
    let bestCount = -1;
    for (const font of fonts) {
      const count = codePoints.filter((codePoint) => font.covers(codePoint)).length;
      if (count === codePoints.length) {
        best = font;
        bestCount = count;
        break;
      }
      if (count > bestCount) [best, bestCount] = [font, count];
    }
    let drawn = text;
    if (bestCount < codePoints.length) {
      const lacking = characters.filter((_, index) => !best.covers(codePoints[index]!));
      for (const character of lacking) missing.add(character);
      drawn = Array.from(text, (character) => (lacking.includes(character) ? "?" : character)).join("");
    }
    if (!registered.has(best.name)) {
      if ("file" in best.source) doc.registerFont(best.name, loadFont(best.source.file).bytes);
      registered.add(best.name);
    }
    const choice = { font: "builtIn" in best.source ? best.source.builtIn : best.name, text: drawn };
    choices.set(key, choice);
    return choice;
  }

  function measure(font: string, size: number, text: string): number {
    return doc.font(font).fontSize(size).widthOfString(text);
  }

  return {
    missing,
    rightToLeft,
    width(text, { face = "regular", size }) {
      const choice = choose(normalizePdfText(text), face);
      return measure(choice.font, size, choice.text);
    },
    wrap(text, width, { face = "regular", size }) {
      const lines: string[] = [];
      // Each paragraph gets its own font (an address may hold a Polish street and a Chinese city);
      // its lines keep that font when drawn, as they were measured with it.
      for (const source of normalizePdfText(text).split("\n")) {
        const { font, text: paragraph } = choose(source, face);
        const push = (line: string) => {
          lines.push(line);
          choices.set(choiceKey(line, face), { font, text: line });
        };
        let current = "";
        for (const word of paragraph.split(/ +/).filter((part) => part !== "")) {
          const candidate = current ? `${current} ${word}` : word;
          if (measure(font, size, candidate) <= width) {
            current = candidate;
            continue;
          }
          if (current) push(current);
          current = "";
          // A word wider than the line (a long reference, a CJK sentence) breaks between characters.
          for (const character of Array.from(word)) {
            if (current && measure(font, size, current + character) > width) {
              push(current);
              current = "";
            }
            current += character;
          }
        }
        push(current);
      }
      return lines;
    },
    line(text, x, y, { face = "regular", size, color = "#111111", width, align = "left" }) {
      const { font, text: drawn } = choose(normalizePdfText(text).replace(/\n/g, " "), face);
      if (drawn.trim() === "") return;
      const textWidth = measure(font, size, drawn);
      const left = width === undefined || align === "left" ? x : align === "right" ? x + width - textWidth : x + (width - textWidth) / 2;
      // Placed by the baseline: fonts differ in ascent (Noto Sans SC's is larger), baselines must not.
      doc.fillColor(color).text(drawn, left, y + size * ASCENT, { lineBreak: false, baseline: "alphabetic" });
    },
  };
}
