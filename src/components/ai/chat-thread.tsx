"use client";

import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import clsx from "clsx";
import { useEffect, useRef } from "react";
import { LoadError } from "@/components/ui/list-states";
import { readServerError } from "@/components/ui/server-errors";
import type { MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { Answer, type AnswerView } from "./answer";
import { ChatInput } from "./chat-input";
import { useReadAloud } from "./speech";
import { useChat, type Turn } from "./use-chat";

/*
 * A conversation: the saved messages (ai.conversations.get), then the questions asked since
 * it was opened, streaming. Used by the chat page and the assistant panel alike. A turn
 * whose answer is in the saved messages (after a refresh of the conversation) is not shown twice.
 */

type SavedMessage = {
  id: string;
  role: "user" | "assistant";
  content: string;
  citations: AnswerView["citations"];
  answerMode: AnswerView["mode"];
};

type Entry = { kind: "question"; key: string; text: string } | { kind: "answer"; answer: AnswerView };

function savedEntries(messages: SavedMessage[]): Entry[] {
  return messages.map((message): Entry =>
    message.role === "user"
      ? { kind: "question", key: message.id, text: message.content }
      : {
          kind: "answer",
          answer: { key: message.id, text: message.content, citations: message.citations, mode: message.answerMode, notice: null, tools: [], state: "done", problem: null },
        },
  );
}

function turnEntries(turns: Turn[], saved: ReadonlySet<string>): Entry[] {
  return turns
    .filter((turn) => !(turn.messageId && saved.has(turn.messageId)))
    .flatMap((turn): Entry[] => [
      // The question may already be saved while its answer streams.
      ...(turn.userMessageId && saved.has(turn.userMessageId) ? [] : [{ kind: "question" as const, key: `${turn.key}-q`, text: turn.question }]),
      // Keyed by the turn, not the saved id it gets at the end: the answer is not remounted when done.
      { kind: "answer", answer: turn },
    ]);
}

function isMissing(error: unknown): boolean {
  const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
  return code === "NOT_FOUND" || code === "BAD_REQUEST";
}

export function ThreadSkeleton() {
  return (
    <div className="flex flex-col gap-3" aria-hidden>
      <div className="h-10 w-2/3 animate-pulse self-end rounded-card bg-surface-sunken" />
      <div className="h-24 w-5/6 animate-pulse rounded-card bg-surface-sunken" />
    </div>
  );
}

export function ChatThread({
  slug,
  role,
  conversationId,
  compact = false,
  emptyHint,
  onConversationStarted,
  onConversationUpdated,
}: {
  slug: string;
  role: MemberRole;
  /** The saved conversation to continue; null starts a new one with the first question. */
  conversationId: string | null;
  compact?: boolean;
  emptyHint?: React.ReactNode;
  onConversationStarted?: (conversationId: string) => void;
  /** After each answer (its title and order in the list may have changed). */
  onConversationUpdated?: (conversationId: string) => void;
}) {
  const trpc = useTRPC();
  const chat = useChat({ conversationId, onStarted: onConversationStarted, onFinished: onConversationUpdated });
  const readAloud = useReadAloud();
  const saved = useQuery(trpc.ai.conversations.get.queryOptions({ id: conversationId ?? "" }, { enabled: conversationId !== null, retry: (count, error) => !isMissing(error) && count < 2 }));
  const logRef = useRef<HTMLDivElement>(null);

  const savedMessages = saved.data?.messages ?? [];
  const savedIds = new Set(savedMessages.map((message) => message.id));
  const entries = [...savedEntries(savedMessages), ...turnEntries(chat.turns, savedIds)];
  const last = chat.turns[chat.turns.length - 1];

  // Follow the answer as it grows.
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [entries.length, last?.text.length, last?.tools.length, saved.data]);

  const loadingSaved = conversationId !== null && saved.isPending;
  const savedMissing = saved.isError && isMissing(saved.error);
  const { forgetConversation } = chat;
  useEffect(() => {
    if (savedMissing) forgetConversation();
  }, [savedMissing, forgetConversation]);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-3">
      <div
        ref={logRef}
        role="log"
        aria-label="Conversation"
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        className={clsx("flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto rounded-card focus-visible:outline-2 focus-visible:outline-brand-500", compact ? "p-1" : "p-2")}
      >
        {loadingSaved ? (
          <>
            <span className="sr-only">Loading the conversation…</span>
            <ThreadSkeleton />
          </>
        ) : savedMissing && entries.length === 0 ? (
          <p className="text-sm text-ink-muted">This conversation does not exist any more. Ask a question to start a new one.</p>
        ) : saved.isError && !savedMissing ? (
          <LoadError message={`Could not load the conversation: ${readServerError(saved.error).message}`} retrying={saved.isFetching} onRetry={() => void saved.refetch()} />
        ) : entries.length === 0 ? (
          <div className="m-auto max-w-md text-center text-sm text-ink-muted">{emptyHint ?? "Ask a question about your documents or your records."}</div>
        ) : (
          entries.map((entry) =>
            entry.kind === "question" ? (
              <div key={entry.key} className="max-w-[85%] self-end whitespace-pre-wrap break-words rounded-card bg-brand-600 px-4 py-2 text-sm text-white">
                <span className="sr-only">You asked: </span>
                {entry.text}
              </div>
            ) : (
              <Answer key={entry.answer.key} slug={slug} role={role} answer={entry.answer} readAloud={readAloud} />
            ),
          )
        )}
      </div>
      <ChatInput busy={chat.busy} disabled={loadingSaved} onSend={(text) => void chat.send(text)} onStop={chat.stop} autoFocus={compact} />
    </div>
  );
}
