/** The shapes the generator's sources produce: documents, and queries with the judgments made when writing them. */
export interface SourceDoc {
  id: string;
  title: string;
  text: string;
}

/**
 * keyword: shares its key terms with the relevant text. paraphrase: asks in other words (few shared terms).
 * multi: needs several documents. distractor: the answer sits among near-duplicates that differ in one detail.
 */
export type QueryKind = "keyword" | "paraphrase" | "multi" | "distractor";

export interface SourceQuery {
  id: string;
  kind: QueryKind;
  text: string;
  /** Document id → grade: 2 answers the question, 1 is on topic and partly useful. */
  relevant: Record<string, 1 | 2>;
}

/** Paragraphs joined the way the text is stored: blank line between paragraphs. */
export function paragraphs(...parts: (string | false | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part)).join("\n\n");
}
