import type { AiRecordRef } from "../../define";

/*
 * Client-safe: what the chat route (POST /api/ai/chat) streams, one JSON object per line
 * (NDJSON), and what a saved answer cites. The browser reads it with fetch; the server
 * writes it in ./service.ts.
 */

/** How an answer was made: by the language model, or (no model configured / model failed) extracted passages. */
export type AnswerMode = "model" | "extractive" | "error";

export type PassageCitation = {
  kind: "passage";
  /** The [n] the answer text uses. */
  n: number;
  documentId: string;
  documentTitle: string;
  chunkId: string;
  charStart: number;
  charEnd: number;
  heading: string | null;
  page: number | null;
  /** The passage's first characters, for the citation list. */
  excerpt: string;
};

export type RecordCitation = { kind: "record"; n: number } & AiRecordRef;

export type Citation = PassageCitation | RecordCitation;

export type ChatRequest = { conversationId?: string | null; message: string };

/**
 * A stream starts with `start` and ends with `done` once the answer is saved (its mode is
 * "error" when an `error` event came just before: timeout, model failure, stopped), or with
 * a lone `error` when not even that could be saved. Each `citations` event carries the
 * whole list so far (passages, then records as tools find them) and replaces the last one.
 */
export type ChatStreamEvent =
  | { type: "start"; conversationId: string; userMessageId: string; mode: AnswerMode; notice: string | null }
  | { type: "tool"; name: string; status: "started" | "done" | "failed" }
  | { type: "citations"; citations: Citation[] }
  | { type: "text"; delta: string }
  | { type: "done"; messageId: string; mode: AnswerMode; usage: { inputTokens: number; outputTokens: number } }
  | { type: "error"; message: string };

/** Where a citation leads, relative to /t/[slug]: the document at the passage, or the record's page. */
export function citationHref(citation: Citation): string {
  if (citation.kind === "record") return citation.href;
  return `/ai/documents/${citation.documentId}?from=${citation.charStart}&to=${citation.charEnd}`;
}
