import { sql } from "drizzle-orm";
import { bigint, check, customType, date, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn, timestamps } from "../../db/columns";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";

/*
 * AI tables (drizzle/0032_ai.sql). Every table is tenant-owned with forced RLS; the
 * conversations and their messages are also private to the user who holds them (a
 * restrictive policy on app.user_id, so even an owner cannot read a colleague's chat).
 *
 * Postgres is the source of truth for retrieval: chunks keep their text, offsets and
 * embedding; the per-tenant usearch index (./vectors) is a cache rebuilt from them, and
 * `ai_corpus.index_version` tells every app process when its copy is stale. The lexical
 * side is BM25 over `ai_chunk_terms` (one row per chunk × stemmed term with its frequency)
 * and the corpus totals in `ai_corpus`.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const aiDocumentStatus = pgEnum("ai_document_status", ["processing", "ready", "failed"]);
export type AiDocumentStatus = (typeof aiDocumentStatus.enumValues)[number];

export const aiDocuments = pgTable(
  "ai_documents",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    fileName: text().notNull(),
    /** One of extract.ts's document types (txt, md, html, csv, pdf, docx). */
    fileType: text().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    status: aiDocumentStatus().notNull().default("processing"),
    /** Why processing failed, in words for the user. */
    failureReason: text(),
    /** 0–100 while processing (extracted, chunked, embedded batch by batch). */
    progress: integer().notNull().default(0),
    chunkCount: integer().notNull().default(0),
    /** The embedding model its chunks' vectors came from; null: no model was available (lexical only). */
    embeddingModel: text(),
    uploadedBy: uuid()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "set null" }),
    processedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("ai_documents_list_idx").on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    check("ai_documents_progress_range", sql`${t.progress} between 0 and 100`),
  ],
);

/** The uploaded file and the text extracted from it (what the viewer shows and chunk offsets point into). */
export const aiDocumentFiles = pgTable(
  "ai_document_files",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    documentId: uuid().notNull(),
    /** The file here, or in the object store under `object_key` (src/server/storage); exactly one. */
    bytes: bytea(),
    objectKey: text(),
    extractedText: text(),
  },
  (t) => [
    check("ai_document_files_one_location", sql`(bytes is null) <> (object_key is null)`),
    check("ai_document_files_object_key", sql`object_key is null or object_key = 'tenant/' || tenant_id::text || '/ai-documents/' || document_id::text`),
    primaryKey({ columns: [t.tenantId, t.documentId] }),
    foreignKey({ columns: [t.tenantId, t.documentId], foreignColumns: [aiDocuments.tenantId, aiDocuments.id] }).onDelete("cascade"),
  ],
);

export const aiChunks = pgTable(
  "ai_chunks",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    /** Unique across tenants (one sequence): the key of the chunk's vector in its tenant's index. */
    id: bigint({ mode: "bigint" }).notNull().generatedAlwaysAsIdentity(),
    documentId: uuid().notNull(),
    ordinal: integer().notNull(),
    heading: text(),
    page: integer(),
    /** Offsets into ai_document_files.extracted_text: text = extracted_text[char_start, char_end). */
    charStart: integer().notNull(),
    charEnd: integer().notNull(),
    text: text().notNull(),
    tokenCount: integer().notNull(),
    /** English stemming, as the BM25 terms; Postgres' own ranking (ts_rank) reads it for the evaluation's comparison. */
    tsv: tsvector().generatedAlwaysAs(sql`to_tsvector('english'::regconfig, text)`),
    /** BM25's document length: the number of stemmed terms (sum of ai_chunk_terms.tf). */
    termCount: integer().notNull().default(0),
    /** Float32 little-endian, unit length; null when no model was available. */
    embedding: bytea(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("ai_chunks_document_idx").on(t.tenantId, t.documentId, t.ordinal),
    foreignKey({ columns: [t.tenantId, t.documentId], foreignColumns: [aiDocuments.tenantId, aiDocuments.id] }).onDelete("cascade"),
  ],
);

/** Term frequencies for BM25: (term, chunk) → tf. The primary key serves the per-term postings lookup. */
export const aiChunkTerms = pgTable(
  "ai_chunk_terms",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    term: text().notNull(),
    chunkId: bigint({ mode: "bigint" }).notNull(),
    tf: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.term, t.chunkId] }),
    index("ai_chunk_terms_chunk_idx").on(t.tenantId, t.chunkId),
    foreignKey({ columns: [t.tenantId, t.chunkId], foreignColumns: [aiChunks.tenantId, aiChunks.id] }).onDelete("cascade"),
  ],
);

/** Per-tenant corpus totals (BM25's N and average length) and the vector index version. */
export const aiCorpus = pgTable("ai_corpus", {
  tenantId: tenantIdColumn()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  chunkCount: bigint({ mode: "number" }).notNull().default(0),
  termTotal: bigint({ mode: "number" }).notNull().default(0),
  /** Bumped with every change of the chunks that carry vectors: app processes reload their index when it moves. */
  indexVersion: bigint({ mode: "number" }).notNull().default(0),
  /** Dimensions of the vectors in the index (null until the first embedded chunk). */
  dimensions: integer(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const aiConversations = pgTable(
  "ai_conversations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "cascade" }),
    title: text().notNull(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("ai_conversations_user_idx").on(t.tenantId, t.userId, t.updatedAt.desc(), t.id.desc())],
);

export const aiMessageRole = pgEnum("ai_message_role", ["user", "assistant"]);
export const aiAnswerMode = pgEnum("ai_answer_mode", ["model", "extractive", "error"]);
export type AiAnswerMode = (typeof aiAnswerMode.enumValues)[number];

export const aiMessages = pgTable(
  "ai_messages",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    conversationId: uuid().notNull(),
    /** The conversation's user, repeated so the privacy policy needs no join. */
    userId: uuid()
      .notNull()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "cascade" }),
    role: aiMessageRole().notNull(),
    content: text().notNull(),
    /** What the answer cites (passages and records), as shown under it. */
    citations: jsonb().notNull().default([]),
    answerMode: aiAnswerMode(),
    inputTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("ai_messages_conversation_idx").on(t.tenantId, t.conversationId, t.createdAt, t.id),
    foreignKey({ columns: [t.tenantId, t.conversationId], foreignColumns: [aiConversations.tenantId, aiConversations.id] }).onDelete("cascade"),
  ],
);

/** Messages and model tokens per tenant per calendar month (UTC): the `ai.messages_per_month` limit. */
export const aiUsage = pgTable(
  "ai_usage",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    month: date({ mode: "string" }).notNull(),
    messages: integer().notNull().default(0),
    inputTokens: bigint({ mode: "number" }).notNull().default(0),
    outputTokens: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month] })],
);
