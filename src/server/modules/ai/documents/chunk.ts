import type { ExtractedText } from "./extract";

/*
 * A document's text cut into passages to embed and to quote. A chunk is a slice of the
 * extracted text (text === extracted.text.slice(charStart, charEnd)), so the viewer can
 * highlight it by its offsets.
 *
 * How it cuts:
 *   1. Each section (a heading's text, a PDF page, a run of CSV rows) is cut on its own.
 *   2. A stretch that fits maxTokens stays whole; a longer one is split at blank lines, then
 *      at line ends, then after sentences, then between words. Only a single "word" longer
 *      than maxTokens (a pasted base64 blob, a URL the size of a page) is cut inside, between
 *      characters (never inside a surrogate pair).
 *   3. The pieces are packed in order into chunks of at most targetTokens (a piece that is
 *      alone over targetTokens is at most maxTokens).
 *   4. Across a section boundary chunks are not merged, unless one of the two is tiny (under
 *      targetTokens / 8, e.g. a heading line directly followed by a sub-heading, or a page
 *      holding only its footer) and together they fit maxTokens; such a chunk takes the
 *      heading and page of the part holding more of its text. A tiny chunk joins the chunk
 *      after it first (a heading belongs with what follows it), else the one before.
 *   5. A chunk after another of the same section starts with the end of that one, up to
 *      overlapTokens: whole sentences where they fit, else whole words, and never so much
 *      that the chunk goes past maxTokens. No overlap across sections (a page's chunk would
 *      start on the page before).
 */

export type Chunk = {
  /** 0-based position in the document. */
  ordinal: number;
  text: string;
  charStart: number;
  charEnd: number;
  heading: string | null;
  page: number | null;
  tokenCount: number;
};

/**
 * Sizes in estimated tokens (see estimateTokens). targetTokens is capped at maxTokens, and
 * overlapTokens at half of targetTokens (an overlap is context, not the chunk's content).
 */
export type ChunkOptions = { targetTokens?: number; maxTokens?: number; overlapTokens?: number };

/*
 * Defaults below the 300–500 tokens, on purpose. The embedding model,
 * all-MiniLM-L6-v2, reads at most 256 wordpieces (its sentence-transformers max_seq_length;
 * it was trained on 128), two of them [CLS] and [SEP]: the rest of a longer chunk is cut off
 * before embedding, so a question matching its second half would never find it. The estimate
 * below approximates wordpieces (about 1.3 per English word), so a chunk of at most 250
 * estimated tokens is embedded whole; 200 leaves room for overlap and for text the estimate
 * undercounts. With a model that reads 512 tokens, pass { targetTokens: 400, maxTokens: 500 }.
 */
export const DEFAULT_CHUNK_OPTIONS = { targetTokens: 200, maxTokens: 250, overlapTokens: 40 } as const;

/** Chinese, Japanese and Korean characters: wordpiece tokenizers make each one a token. */
const isCjk = (code: number) =>
  (code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff);

/** The characters \s matches. */
const isSpaceCode = (code: number) =>
  code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
  code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;

/**
 * Estimated tokens of a stretch from its word count and its length: 1.3 per word (CJK
 * characters count as words), or a quarter of the characters when that is more (long
 * identifiers, numbers and URLs break into many wordpieces).
 */
function estimate(words: number, chars: number): number {
  return Math.ceil(Math.max(words * 1.3, chars / 4));
}

/** Runs of non-space characters, plus one per CJK character. A loop, not a regex: 5 MB have a million words. */
function countWords(text: string, start: number, end: number): number {
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isSpaceCode(code)) {
      inWord = false;
      continue;
    }
    if (!inWord) words++;
    inWord = true;
    if (isCjk(code)) words++;
  }
  return words;
}

/** Estimated tokens of any text (the same estimate chunks are cut by). */
export function estimateTokens(text: string): number {
  return estimate(countWords(text, 0, text.length), text.length);
}

/** [start, end) of the text, no white space at either end, with its word count. */
type Piece = { start: number; end: number; words: number };

const isSpace = (char: string | undefined) => char !== undefined && isSpaceCode(char.charCodeAt(0));

/** Separators of each level: blank lines, line ends, sentence ends (the punctuation stays before), white space. */
const LEVELS = [/\n[ \t]*\n\s*/g, /\n\s*/g, /(?<=[.!?…;]["'”’»)\]]*)\s+|(?<=[。！？；])/g, /\s+/g];
/** The end of a sentence, before the white space that follows it (for the overlap). */
const SENTENCE_END = /[.!?…。！？]["'”’»)\]]*$/;

function trimmed(text: string, start: number, end: number): Piece | null {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return start < end ? { start, end, words: countWords(text, start, end) } : null;
}

/** The pieces of [start, end) between the separators of one level. */
function splitAt(text: string, range: Piece, separator: RegExp): Piece[] {
  const pieces: Piece[] = [];
  const pattern = new RegExp(separator.source, "g");
  pattern.lastIndex = range.start;
  let from = range.start;
  for (let match = pattern.exec(text); match && match.index < range.end; match = pattern.exec(text)) {
    if (match[0] === "") pattern.lastIndex++;
    const piece = trimmed(text, from, match.index);
    if (piece) pieces.push(piece);
    from = Math.min(match.index + match[0].length, range.end);
  }
  const rest = trimmed(text, from, range.end);
  if (rest) pieces.push(rest);
  return pieces;
}

/** A word too long for one chunk, cut between characters (never between the halves of a surrogate pair) where it must. */
function cutWord(text: string, range: Piece, maxTokens: number): Piece[] {
  const pieces: Piece[] = [];
  let start = range.start;
  let cjk = 0;
  for (let i = range.start; i < range.end; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const wide = isCjk(code);
    if (i > start && estimate(1 + cjk + (wide ? 1 : 0), i + width - start) > maxTokens) {
      pieces.push({ start, end: i, words: countWords(text, start, i) });
      [start, cjk] = [i, 0];
    }
    if (wide) cjk++;
    i += width;
  }
  pieces.push({ start, end: range.end, words: countWords(text, start, range.end) });
  return pieces;
}

/** The range as pieces of at most maxTokens, each split only as finely as it must be. */
function pieces(text: string, range: Piece, maxTokens: number, level = 0, out: Piece[] = []): Piece[] {
  if (estimate(range.words, range.end - range.start) <= maxTokens) {
    out.push(range);
    return out;
  }
  if (level === LEVELS.length) {
    out.push(...cutWord(text, range, maxTokens));
    return out;
  }
  const parts = splitAt(text, range, LEVELS[level]!);
  if (parts.length <= 1) return pieces(text, range, maxTokens, level + 1, out);
  for (const part of parts) pieces(text, part, maxTokens, level + 1, out);
  return out;
}

type Draft = { start: number; end: number; words: number; section: number };

const tokensOf = (draft: { start: number; end: number; words: number }) => estimate(draft.words, draft.end - draft.start);

/** Pieces of one section packed, in order, into chunks of at most `target` tokens. */
function pack(all: Piece[], section: number, target: number): Draft[] {
  const drafts: Draft[] = [];
  let current: Draft | null = null;
  for (const piece of all) {
    if (current && estimate(current.words + piece.words, piece.end - current.start) <= target) {
      current.end = piece.end;
      current.words += piece.words;
      continue;
    }
    current = { start: piece.start, end: piece.end, words: piece.words, section };
    drafts.push(current);
  }
  return drafts;
}

/** Tiny chunks joined with a neighbour across a section boundary (rule 4 above); the joined one belongs to the section holding more of its text. */
function joinTiny(drafts: Draft[], tiny: number, maxTokens: number): Draft[] {
  const joined = (a: Draft, b: Draft): Draft | null => {
    const words = a.words + b.words;
    if (estimate(words, b.end - a.start) > maxTokens) return null;
    return { start: a.start, end: b.end, words, section: a.end - a.start > b.end - b.start ? a.section : b.section };
  };
  const forward: Draft[] = [];
  for (const draft of drafts) {
    const last = forward.at(-1);
    const merged = last && last.section !== draft.section && tokensOf(last) < tiny ? joined(last, draft) : null;
    if (merged) forward[forward.length - 1] = merged;
    else forward.push(draft);
  }
  const backward: Draft[] = [];
  for (const draft of forward) {
    const last = backward.at(-1);
    const merged = last && last.section !== draft.section && tokensOf(draft) < tiny ? joined(last, draft) : null;
    if (merged) backward[backward.length - 1] = merged;
    else backward.push(draft);
  }
  return backward;
}

/**
 * Where the overlap taken from the end of a chunk [chunkStart, end) begins, for at most
 * `allowedTokens`: the earliest sentence start that fits, else the earliest word start that
 * fits; null when not even the last word fits. Never the chunk's own start (a chunk would
 * then hold the whole one before it).
 */
function overlapStart(text: string, chunkStart: number, end: number, allowedTokens: number): number | null {
  if (allowedTokens <= 0) return null;
  // n tokens are at most 4n characters (the estimate is at least a quarter of them): look no further back.
  const from = Math.max(chunkStart + 1, end - allowedTokens * 4);
  let words = 0;
  let sentence: number | null = null;
  let word: number | null = null;
  // Backwards, counting words as they are passed: the tail grows, so the first start that does not fit ends the search.
  for (let i = end - 1; i >= from; i--) {
    const code = text.charCodeAt(i);
    if (isSpaceCode(code)) continue;
    if (isCjk(code)) words++;
    if (!isSpace(text[i - 1])) continue;
    words++;
    if (estimate(words, end - i) > allowedTokens) break;
    word = i;
    let before = i - 1;
    let newLine = false;
    for (; before > chunkStart && isSpace(text[before]); before--) if (text[before] === "\n") newLine = true;
    if (newLine || SENTENCE_END.test(text.slice(Math.max(chunkStart, before - 4), before + 1))) sentence = i;
  }
  return sentence ?? word;
}

/** The extracted text as chunks (see the rules at the top of this file). */
export function chunkText(extracted: ExtractedText, options: ChunkOptions = {}): Chunk[] {
  const { text } = extracted;
  const maxTokens = Math.max(8, options.maxTokens ?? DEFAULT_CHUNK_OPTIONS.maxTokens);
  const targetTokens = Math.min(maxTokens, Math.max(4, options.targetTokens ?? DEFAULT_CHUNK_OPTIONS.targetTokens));
  const overlapTokens = Math.max(0, Math.min(options.overlapTokens ?? DEFAULT_CHUNK_OPTIONS.overlapTokens, Math.floor(targetTokens / 2)));
  const sections = extracted.sections.length > 0 ? extracted.sections : [{ start: 0, end: text.length, heading: null, page: null }];

  const drafts: Draft[] = [];
  sections.forEach((section, index) => {
    const range = trimmed(text, Math.max(0, section.start), Math.min(text.length, section.end));
    if (range) drafts.push(...pack(pieces(text, range, maxTokens), index, targetTokens));
  });

  const chunks: Chunk[] = [];
  let previous: Draft | null = null;
  for (const draft of joinTiny(drafts, targetTokens / 8, maxTokens)) {
    let start = draft.start;
    if (previous && previous.section === draft.section && overlapTokens > 0) {
      // The overlap's tokens and the chunk's together stay within maxTokens.
      const room = Math.min(overlapTokens, maxTokens - tokensOf(draft));
      const from = overlapStart(text, previous.start, previous.end, room);
      if (from !== null && estimate(countWords(text, from, draft.end), draft.end - from) <= maxTokens) start = from;
    }
    const section = sections[draft.section]!;
    const body = text.slice(start, draft.end);
    chunks.push({
      ordinal: chunks.length,
      text: body,
      charStart: start,
      charEnd: draft.end,
      heading: section.heading,
      page: section.page,
      tokenCount: estimateTokens(body),
    });
    previous = draft;
  }
  return chunks;
}
