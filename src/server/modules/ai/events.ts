import { defineEvent } from "../../jobs/events";

/* The AI module's events (its part of the typed event catalog). */

/** A document was uploaded or asked to be indexed again: the ingestion job extracts, chunks, embeds and indexes it. */
export const DOCUMENT_UPLOADED = defineEvent<{ documentId: string; userId: string }>("ai/document.uploaded");
