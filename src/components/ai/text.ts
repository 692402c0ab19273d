/* The AI pages' text helpers: citation markers in answers, query terms in excerpts, a passage's range in a document. */

export type AnswerSegment = { kind: "text"; text: string } | { kind: "cite"; n: number };

/** An answer's text cut at its `[n]` markers; a marker with no citation of that number stays text. */
export function splitCitationMarkers(text: string, cited: ReadonlySet<number>): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,3})\]/g)) {
    const n = Number(match[1]);
    if (!cited.has(n)) continue;
    if (match.index > last) segments.push({ kind: "text", text: text.slice(last, match.index) });
    segments.push({ kind: "cite", n });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}

/** What is read aloud: the answer without its `[n]` markers. */
export function spokenText(text: string): string {
  return text.replace(/\s*\[\d{1,3}\]/g, "").trim();
}

/** The words of a search worth emphasising (two letters or more), lowercased, longest first. */
export function queryTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? [];
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export type Emphasis = { text: string; match: boolean };

/** `text` cut into the parts that start with a query term (emphasised) and the rest. */
export function emphasise(text: string, terms: readonly string[]): Emphasis[] {
  if (terms.length === 0 || !text) return text ? [{ text, match: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map(escapeRegExp).join("|")})`, "giu");
  const parts: Emphasis[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), match: false });
    parts.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/** About `max` characters of `text` around the first query term (with ellipses where cut). */
export function excerptAround(text: string, terms: readonly string[], max = 320): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  const hits = terms.map((term) => lower.indexOf(term)).filter((index) => index >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(first - Math.floor(max / 3), flat.length - max));
  const end = Math.min(flat.length, start + max);
  return `${start > 0 ? "…" : ""}${flat.slice(start, end).trim()}${end < flat.length ? "…" : ""}`;
}

/** Reads `?from=&to=` (character offsets into the extracted text); null when absent or not a range. */
export function passageRange(from: string | null, to: string | null): { from: number; to: number } | null {
  if (from === null || to === null || !/^\d+$/.test(from) || !/^\d+$/.test(to)) return null;
  const range = { from: Number(from), to: Number(to) };
  return range.to > range.from ? range : null;
}

/** The text split around a range (clamped to it); null when the range falls outside the text. */
export function splitAtRange(text: string, range: { from: number; to: number }): { before: string; marked: string; after: string } | null {
  const from = Math.min(range.from, text.length);
  const to = Math.min(range.to, text.length);
  if (to <= from) return null;
  return { before: text.slice(0, from), marked: text.slice(from, to), after: text.slice(to) };
}

const LOOKUP_VERBS = new Set(["search", "find", "list", "get", "lookup", "read", "fetch", "query"]);

/** A tool call as the chat shows it (every tool only reads): `search_deals` started → "Looking up deals…". */
export function toolActivity(name: string, status: "started" | "done" | "failed"): string {
  const words = name.split(/[_\s.]+/).filter(Boolean);
  const subject = (words.length > 1 && LOOKUP_VERBS.has(words[0]!.toLowerCase()) ? words.slice(1) : words).join(" ").toLowerCase() || "data";
  if (status === "started") return `Looking up ${subject}…`;
  if (status === "done") return `Looked up ${subject}`;
  return `Could not look up ${subject}`;
}
