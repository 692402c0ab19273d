import { fromLatin1ToWindows1252 } from "../../../platform/text-encoding";

/*
 * HTML (and DOCX, which mammoth turns into HTML) as the text a reader sees, cut into parts at
 * h1–h6. A small tokenizer rather than a DOM: exported pages are often not well-formed, and all
 * we need is the text, where lines break, and the headings.
 */

/** Text under one heading (or one PDF page, or a run of CSV rows) before normalization. */
export type TextPart = { text: string; heading: string | null; page: number | null };

/** Elements whose content a reader never sees as text (nav: menus repeated on every page, noise for search). */
const DROPPED = new Set(["script", "style", "noscript", "template", "head", "nav", "svg", "iframe", "object", "select"]);
/** Elements whose content is raw text up to their end tag (a "<" inside is not a tag). */
const RAW_TEXT = new Set(["script", "style", "textarea", "xmp"]);
/** Elements that separate paragraphs (a blank line before and after). */
const PARAGRAPH = new Set([
  "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "table", "ul", "ol", "dl",
  "figure", "figcaption", "address", "form", "fieldset", "details", "summary", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
  "body", "html", "caption", "legend", "center",
]);
/** Elements that start a line of their own. */
const LINE = new Set(["li", "tr", "dt", "dd", "br", "option", "thead", "tbody", "tfoot"]);
const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"]);

// Names of the Latin-1 entities (U+00A0–U+00FF) in code point order, as HTML 4 defines them.
const LATIN1_NAMES =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig " +
  "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

const ENTITIES = new Map<string, string>([
  ...LATIN1_NAMES.split(" ").map((name, i): [string, string] => [name, String.fromCodePoint(0xa0 + i)]),
  ["nbsp", " "], // a plain space: text is searched and chunked on spaces
  ["shy", ""],
  ["amp", "&"], ["lt", "<"], ["gt", ">"], ["quot", '"'], ["apos", "'"],
  ["euro", "€"], ["trade", "™"], ["hellip", "…"], ["mdash", "—"], ["ndash", "–"], ["bull", "•"], ["middot", "·"],
  ["lsquo", "‘"], ["rsquo", "’"], ["sbquo", "‚"], ["ldquo", "“"], ["rdquo", "”"], ["bdquo", "„"], ["lsaquo", "‹"], ["rsaquo", "›"],
  ["dagger", "†"], ["Dagger", "‡"], ["permil", "‰"], ["prime", "′"], ["Prime", "″"], ["OElig", "Œ"], ["oelig", "œ"],
  ["Scaron", "Š"], ["scaron", "š"], ["Yuml", "Ÿ"], ["Zcaron", "Ž"], ["zcaron", "ž"], ["fnof", "ƒ"], ["circ", "ˆ"], ["tilde", "˜"],
  ["ensp", " "], ["emsp", " "], ["thinsp", " "], ["zwnj", ""], ["zwj", ""], ["lrm", ""], ["rlm", ""],
  ["larr", "←"], ["rarr", "→"], ["uarr", "↑"], ["darr", "↓"], ["harr", "↔"], ["rArr", "⇒"], ["lArr", "⇐"],
  ["minus", "−"], ["le", "≤"], ["ge", "≥"], ["ne", "≠"], ["asymp", "≈"], ["infin", "∞"], ["check", "✓"],
  ["alpha", "α"], ["beta", "β"], ["gamma", "γ"], ["delta", "δ"], ["pi", "π"], ["mu", "μ"], ["sigma", "σ"], ["omega", "ω"], ["Delta", "Δ"], ["Omega", "Ω"],
]);

/** Numeric references 0x80–0x9F mean Windows-1252 characters (as browsers read them); invalid ones become U+FFFD. */
function fromCodePoint(code: number): string {
  if (code >= 0x80 && code <= 0x9f) return fromLatin1ToWindows1252(String.fromCharCode(code));
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(code);
}

/** Named (the common ones) and numeric character references; an unknown name stays as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (match, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex) return fromCodePoint(Number.parseInt(hex, 16));
    return ENTITIES.get(name!) ?? match;
  });
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.source;

type List = { ordered: boolean; count: number };

/**
 * Lines of text as they are written. Pieces are kept in arrays and the last character in a
 * variable: asking a long concatenated string for its end would copy it each time.
 */
function lineWriter() {
  let lines: string[] = [];
  let current: string[] = [];
  let lastChar = "";
  const endLine = () => {
    lines.push(current.join("").trimEnd());
    current = [];
    lastChar = "";
  };
  return {
    /** Text as it flows: runs of white space are one space, none at the start of a line. */
    flow(text: string): string {
      text = text.replace(/[ \t\n\r\f]+/g, " ");
      if (text.startsWith(" ") && (lastChar === "" || lastChar === " ")) text = text.slice(1);
      if (text) {
        current.push(text);
        lastChar = text.at(-1)!;
      }
      return text;
    },
    /** Text as written (inside <pre>): its line breaks kept. */
    verbatim(text: string): string {
      text.split(/\r\n?|\n/).forEach((line, i) => {
        if (i > 0) endLine();
        if (line) {
          current.push(line);
          lastChar = line.at(-1)!;
        }
      });
      return text;
    },
    /** Ends the line (if it has text); `blank` leaves an empty line after it. */
    breakLine(blank: boolean) {
      if (current.some((piece) => piece.trim() !== "")) endLine();
      else [current, lastChar] = [[], ""];
      if (blank && lines.length > 0 && lines.at(-1) !== "") lines.push("");
    },
    cellSeparator() {
      current.push(lastChar === " " ? "| " : " | ");
      lastChar = " ";
    },
    /** The text written so far, and a fresh start. */
    take(): string {
      const text = [...lines, current.join("")].join("\n");
      [lines, current, lastChar] = [[], [], ""];
      return text;
    },
  };
}

/** HTML as parts, one per heading (the text before the first heading has none). */
export function htmlParts(html: string): TextPart[] {
  const tokens = new RegExp(TOKEN, "g");
  const out = lineWriter();
  const parts: TextPart[] = [];
  let heading: string | null = null;
  /** Text of the heading being read, while inside h1–h6. */
  let headingText: string | null = null;
  let skipping: { name: string; depth: number } | null = null;
  let pre = 0;
  let cellsInRow = 0;
  let inCell = 0;
  const lists: List[] = [];

  const write = (text: string) => {
    if (!text) return;
    const written = pre ? out.verbatim(text) : out.flow(text);
    if (headingText !== null) headingText += written;
  };
  const startPart = () => {
    const text = out.take();
    if (text.trim() !== "") parts.push({ text, heading, page: null });
  };

  let last = 0;
  for (let match = tokens.exec(html); match; match = tokens.exec(html)) {
    const [token, closing, rawName, attributes] = match;
    if (!skipping) write(decodeEntities(html.slice(last, match.index)));
    last = match.index + token.length;
    if (!rawName) continue; // comment, doctype, CDATA, processing instruction
    const name = rawName.toLowerCase();
    const selfClosing = attributes?.trimEnd().endsWith("/") ?? false;

    if (!closing && RAW_TEXT.has(name)) {
      // Up to the matching end tag, whatever it holds ("</div>" inside a script string is not a tag).
      const endTag = new RegExp(`</${name}\\s*>`, "gi");
      endTag.lastIndex = last;
      const end = endTag.exec(html);
      const content = html.slice(last, end ? end.index : html.length);
      last = end ? end.index + end[0].length : html.length;
      tokens.lastIndex = last;
      if (!skipping && !DROPPED.has(name)) write(decodeEntities(content));
      continue;
    }
    // A <head> left open ends where the body starts.
    if (skipping?.name === "head" && name === "body" && !closing) skipping = null;
    if (skipping) {
      if (name === skipping.name && !selfClosing) skipping.depth += closing ? -1 : 1;
      if (skipping.depth === 0) skipping = null;
      continue;
    }
    if (!closing && DROPPED.has(name) && !selfClosing && !VOID.has(name)) {
      skipping = { name, depth: 1 };
      continue;
    }

    if (/^h[1-6]$/.test(name)) {
      if (!closing) {
        out.breakLine(true);
        startPart();
        headingText = "";
      } else if (headingText !== null) {
        heading = headingText.replace(/\s+/g, " ").trim() || heading;
        headingText = null;
      }
    }
    if (name === "pre") pre = Math.max(0, pre + (closing ? -1 : 1));
    if (name === "ul" || name === "ol") {
      if (closing) lists.pop();
      else lists.push({ ordered: name === "ol", count: 0 });
    }
    if (name === "tr") [cellsInRow, inCell] = [0, 0];
    const cellEdge = name === "td" || name === "th";

    // Inside a cell, paragraphs and line breaks (Word puts a <p> in every cell) are spaces: a row stays one line.
    if (inCell > 0 && !cellEdge && (PARAGRAPH.has(name) || LINE.has(name)) && name !== "table") write(" ");
    else if (PARAGRAPH.has(name)) out.breakLine(true);
    else if (LINE.has(name)) out.breakLine(false);
    if (cellEdge) inCell = Math.max(0, inCell + (closing ? -1 : 1));

    if (!closing && name === "li") {
      const list = lists.at(-1);
      if (list) write(list.ordered ? `${++list.count}. ` : "- ");
    }
    if (!closing && (name === "td" || name === "th") && cellsInRow++ > 0) out.cellSeparator();
    if (!closing && name === "img") {
      const alt = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attributes ?? "");
      const text = alt?.[1] ?? alt?.[2];
      if (text?.trim()) write(` ${decodeEntities(text)} `);
    }
  }
  if (!skipping) write(decodeEntities(html.slice(last)));
  startPart();
  return parts;
}
