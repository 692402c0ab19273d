import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/tenant";
import { NotFound } from "../../../platform/errors";
import { aiConversations, aiMessages, type AiAnswerMode } from "../schema";
import type { Citation } from "./protocol";

/*
 * A member's own conversations with the assistant. Privacy is the database's: the
 * restrictive policy on app.user_id hides every other member's conversations and messages,
 * so "not found" is also the answer for a colleague's conversation.
 */

export const CONVERSATION_NOT_FOUND = "This conversation does not exist (it may have been deleted).";
export const TITLE_MAX = 200;

export type ConversationRow = { id: string; title: string; createdAt: Date; updatedAt: Date };
export type MessageRow = {
  id: string;
  role: "user" | "assistant";
  content: string;
  citations: Citation[];
  answerMode: AiAnswerMode | null;
  inputTokens: number;
  outputTokens: number;
  createdAt: Date;
};

const conversationColumns = { id: aiConversations.id, title: aiConversations.title, createdAt: aiConversations.createdAt, updatedAt: aiConversations.updatedAt };

/** A conversation's title from its first question: one line, at most 80 characters. */
export function titleFromQuestion(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

export type ConversationListInput = { limit: number; cursor?: { updatedAt: Date; id: string } | null };

/** The member's conversations, most recently active first, keyset-paged. */
export async function listConversations(
  tx: TenantTx,
  input: ConversationListInput,
): Promise<{ items: ConversationRow[]; nextCursor: { updatedAt: Date; id: string } | null }> {
  const cursor = input.cursor;
  const rows = await tx
    .select(conversationColumns)
    .from(aiConversations)
    .where(cursor ? or(lt(aiConversations.updatedAt, cursor.updatedAt), and(eq(aiConversations.updatedAt, cursor.updatedAt), lt(aiConversations.id, cursor.id))) : undefined)
    .orderBy(desc(aiConversations.updatedAt), desc(aiConversations.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}

export async function findConversation(tx: TenantTx, id: string): Promise<ConversationRow> {
  const [row] = await tx.select(conversationColumns).from(aiConversations).where(eq(aiConversations.id, id));
  if (!row) throw new NotFound(CONVERSATION_NOT_FOUND);
  return row;
}

/** A conversation with all its messages, oldest first. */
export async function getConversation(tx: TenantTx, id: string): Promise<ConversationRow & { messages: MessageRow[] }> {
  const conversation = await findConversation(tx, id);
  const messages = await tx
    .select({
      id: aiMessages.id,
      role: aiMessages.role,
      content: aiMessages.content,
      citations: aiMessages.citations,
      answerMode: aiMessages.answerMode,
      inputTokens: aiMessages.inputTokens,
      outputTokens: aiMessages.outputTokens,
      createdAt: aiMessages.createdAt,
    })
    .from(aiMessages)
    .where(eq(aiMessages.conversationId, id))
    .orderBy(asc(aiMessages.createdAt), asc(aiMessages.id));
  return { ...conversation, messages: messages.map((message) => ({ ...message, citations: message.citations as Citation[] })) };
}

/** Renames it; its place in the list (by last activity) stays. */
export async function renameConversation(tx: TenantTx, id: string, title: string): Promise<ConversationRow> {
  const [row] = await tx.update(aiConversations).set({ title }).where(eq(aiConversations.id, id)).returning(conversationColumns);
  if (!row) throw new NotFound(CONVERSATION_NOT_FOUND);
  return row;
}

/** Deletes the conversation and its messages (by cascade). */
export async function deleteConversation(tx: TenantTx, id: string): Promise<void> {
  const deleted = await tx.delete(aiConversations).where(eq(aiConversations.id, id)).returning({ id: aiConversations.id });
  if (deleted.length === 0) throw new NotFound(CONVERSATION_NOT_FOUND);
}

/** A new conversation of the current member (user_id defaults to app.user_id). */
export async function createConversation(tx: TenantTx, title: string): Promise<string> {
  const [row] = await tx.insert(aiConversations).values({ title }).returning({ id: aiConversations.id });
  return row!.id;
}

/** Marks the conversation as just active (the list's order), or NotFound when it is not the member's. */
export async function touchConversation(tx: TenantTx, id: string): Promise<void> {
  const touched = await tx.update(aiConversations).set({ updatedAt: sql`now()` }).where(eq(aiConversations.id, id)).returning({ id: aiConversations.id });
  if (touched.length === 0) throw new NotFound(CONVERSATION_NOT_FOUND);
}

/** The last `limit` messages before the newest, oldest first: the model's memory of the conversation. */
export async function recentMessages(tx: TenantTx, conversationId: string, limit: number): Promise<{ role: "user" | "assistant"; content: string; answerMode: AiAnswerMode | null }[]> {
  const rows = await tx
    .select({ role: aiMessages.role, content: aiMessages.content, answerMode: aiMessages.answerMode })
    .from(aiMessages)
    .where(eq(aiMessages.conversationId, conversationId))
    .orderBy(desc(aiMessages.createdAt), desc(aiMessages.id))
    .limit(limit);
  return rows.reverse();
}
