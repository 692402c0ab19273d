import type { Passage } from "../retrieval";
import { passageCitation } from "./prompt";
import type { PassageCitation } from "./protocol";

/*
 * The answer without a language model: the most relevant passages, each cut to the two
 * sentences around its best match with the question, numbered as citations. Labelled, so
 * nobody takes it for a written answer.
 */

export const EXTRACTIVE_LABEL = "No language model configured — here are the most relevant passages:";
const PASSAGES_SHOWN = 3;
/** A passage this short is shown whole. */
const WHOLE_CHARS = 320;
const EXCERPT_MAX_CHARS = 500;

const STOP_WORDS = new Set(
  "the and for are but not you all any can had her was one our out has have how what when where which who why with this that from they will would there their about into than then them these those does did your yours its our ours some such only also".split(
    " ",
  ),
);

export function nothingFoundMessage(question: string): string {
  const short = question.replace(/\s+/g, " ").trim();
  const shown = short.length <= 120 ? short : `${short.slice(0, 119)}…`;
  return `Nothing in your documents matches “${shown}”. Try other words, or add the documents that hold the answer to the library.`;
}

/** The question's words that can match: lower case, three letters or more, no common words; a 5-letter prefix stands for the word's forms. */
function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((word) => word.length >= 3 && !STOP_WORDS.has(word)).map((word) => word.slice(0, 5)))];
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.replace(/\s+/g, " ").trim())
    .filter((sentence) => sentence.length > 0);
}

/** The passage's two sentences around its best match (the first sentence and its neighbour when nothing matches). */
export function excerptOf(text: string, question: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= WHOLE_CHARS) return flat;
  const sentences = sentencesOf(text);
  const terms = questionTerms(question);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((sentence, index) => {
    const lower = sentence.toLowerCase();
    const score = terms.filter((term) => lower.includes(term)).length;
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  const start = best === sentences.length - 1 ? Math.max(0, best - 1) : best;
  const excerpt = sentences.slice(start, start + 2).join(" ");
  const cut = excerpt.length <= EXCERPT_MAX_CHARS ? excerpt : `${excerpt.slice(0, EXCERPT_MAX_CHARS - 1).trimEnd()}…`;
  return `${start > 0 ? "… " : ""}${cut}${start + 2 < sentences.length && !cut.endsWith("…") ? " …" : ""}`;
}

export type ExtractiveAnswer = { text: string; citations: PassageCitation[] };

export function extractiveAnswer(question: string, passages: Passage[]): ExtractiveAnswer {
  if (passages.length === 0) return { text: nothingFoundMessage(question), citations: [] };
  const shown = passages.slice(0, PASSAGES_SHOWN);
  const citations = shown.map((passage, index) => passageCitation(passage, index + 1));
  const items = shown.map((passage, index) => {
    const where = passage.heading ? ` — ${passage.heading}` : passage.page !== null ? ` — page ${passage.page}` : "";
    return `[${index + 1}] ${passage.documentTitle}${where}:\n“${excerptOf(passage.text, question)}”`;
  });
  return { text: [EXTRACTIVE_LABEL, ...items].join("\n\n"), citations };
}
