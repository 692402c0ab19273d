import type { TextPart } from "./extract-html";

/*
 * Markdown as the text a reader of the rendered page sees, cut into parts at its headings.
 * Kept simple on purpose (no full CommonMark parser):
 *   - ATX (`# Title`) and setext (`Title` over `===` / `---`) headings start a part; the
 *     heading line stays in the text as its words only;
 *   - fenced code blocks keep their lines verbatim, the fence lines go;
 *   - outside code: emphasis markers (`**`, `__`, `*`, `_`, `~~`) and inline-code backticks
 *     are dropped, links and images become their text (`[text](url)` → text), autolinks their
 *     address, backslash escapes their character, inline HTML tags go;
 *   - blockquote markers, horizontal rules, table separator rows and link reference
 *     definitions go; list markers and table pipes stay (they read fine as text).
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/;
const REFERENCE = /^ {0,3}\[[^\]]+\]:[ \t]*\S+/;
const LIST_OR_QUOTE = /^ {0,3}(?:[-*+>]|\d+[.)])[ \t]/;

/** Inline markup of a stretch of text that is not a code span. */
function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
    .replace(/(?<!\\)\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, "$1")
    .replace(/(?<!\\)\[([^\]]+)\]\[[^\]]*\]/g, "$1")
    .replace(/<((?:https?|mailto):[^>\s]+|[^>\s@]+@[^>\s]+)>/g, "$1")
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "")
    .replace(/(?<!\\)(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s\\*])\*/g, "$1")
    .replace(/(?<![\\\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s\\_])_(?![\p{L}\p{N}_])/gu, "$1")
    .replace(/(?<!\\)~~(?=\S)(.+?)(?<=\S)~~/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, "$1");
}

/** A line's inline markup dropped; code spans (`x`) keep their content as written. */
export function plainMarkdownLine(line: string): string {
  return line
    .split(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/)
    .map((piece, i) => (i % 3 === 0 ? plainInline(piece) : i % 3 === 2 ? piece : ""))
    .join("");
}

/** Markdown as parts, one per heading (the text before the first heading has none). */
export function markdownParts(markdown: string): TextPart[] {
  const parts: TextPart[] = [];
  let lines: string[] = [];
  let heading: string | null = null;
  let fence: string | null = null;
  /** Whether the last line written is paragraph text (a setext underline can turn it into a heading). */
  let paragraphLine = false;

  const startPart = (title: string) => {
    if (lines.some((line) => line.trim() !== "")) parts.push({ text: lines.join("\n"), heading, page: null });
    heading = title;
    lines = [title, ""];
    paragraphLine = false;
  };

  for (const line of markdown.split("\n")) {
    if (fence !== null) {
      const closing = FENCE.exec(line);
      if (closing && closing[1]![0] === fence[0] && closing[1]!.length >= fence.length && line.trim() === closing[1]) fence = null;
      else lines.push(line);
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      fence = opening[1]!;
      paragraphLine = false;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      startPart(plainMarkdownLine(atx[2] ?? "").trim());
      continue;
    }
    if (paragraphLine && SETEXT.test(line)) {
      const title = lines.pop()!.trim();
      startPart(title);
      continue;
    }
    if ((TABLE_SEPARATOR.test(line) && line.includes("|")) || REFERENCE.test(line)) continue;
    if (RULE.test(line)) {
      lines.push("");
      paragraphLine = false;
      continue;
    }
    const text = plainMarkdownLine(line.replace(/^ {0,3}(?:>[ \t]?)+/, ""));
    lines.push(text);
    paragraphLine = text.trim() !== "" && !LIST_OR_QUOTE.test(line) && !line.includes("|");
  }
  if (lines.some((line) => line.trim() !== "")) parts.push({ text: lines.join("\n"), heading, page: null });
  return parts;
}
