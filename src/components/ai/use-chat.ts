"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTenantId } from "@/components/shell/tenant-context";
import type { AnswerMode, ChatStreamEvent, Citation } from "@/server/modules/ai/chat/protocol";
import { postChat, readChatStream, readRouteProblem, type ChatProblem } from "./chat-stream";

/*
 * One chat session's questions and answers as they stream in (the saved conversation is
 * ai.conversations.get; these are the turns asked since the thread was opened). A new
 * conversation gets its id from the stream's first event.
 */

export type ToolActivityState = { name: string; status: "started" | "done" | "failed" };

export type Turn = {
  key: string;
  question: string;
  userMessageId: string | null;
  /** The saved answer's id, once the stream says "done". */
  messageId: string | null;
  state: "waiting" | "streaming" | "done" | "stopped" | "failed";
  text: string;
  citations: Citation[];
  mode: AnswerMode | null;
  /** Why the answer is extracted passages, or retrieval was lexical only. */
  notice: string | null;
  tools: ToolActivityState[];
  problem: ChatProblem | null;
};

const unreachable: ChatProblem = { message: "Could not reach the assistant. Check your connection and try again.", status: null, limit: null };
const cutOff: ChatProblem = { message: "The answer was cut off before it finished. Ask again.", status: null, limit: null };

/** A stream event applied to the turn it belongs to. */
export function applyEvent(turn: Turn, event: ChatStreamEvent): Turn {
  switch (event.type) {
    case "start":
      return { ...turn, state: "streaming", userMessageId: event.userMessageId, mode: event.mode, notice: event.notice };
    case "tool": {
      const others = turn.tools.filter((tool) => !(tool.name === event.name && tool.status === "started"));
      return { ...turn, state: "streaming", tools: [...others, { name: event.name, status: event.status }] };
    }
    case "citations":
      return { ...turn, citations: event.citations };
    case "text":
      return { ...turn, state: "streaming", text: turn.text + event.delta };
    case "done":
      return { ...turn, state: "done", messageId: event.messageId, mode: event.mode };
    case "error":
      return { ...turn, state: "failed", problem: { message: event.message, status: null, limit: null } };
  }
}

let turnCounter = 0;

export function useChat({ conversationId: initialId, onStarted, onFinished }: { conversationId: string | null; onStarted?: (conversationId: string) => void; onFinished?: (conversationId: string) => void }) {
  const tenantId = useTenantId();
  const [conversationId, setConversationId] = useState<string | null>(initialId);
  const [turns, setTurns] = useState<Turn[]>([]);
  const abortRef = useRef<AbortController | null>(null);
  // The conversation the next question goes to, read inside the running stream (state would be stale there).
  const conversationRef = useRef(initialId);

  useEffect(() => () => abortRef.current?.abort(), []);

  const busy = turns.some((turn) => turn.state === "waiting" || turn.state === "streaming");

  const send = useCallback(
    async (question: string) => {
      const message = question.trim();
      if (!message || abortRef.current) return;
      const key = `turn-${(turnCounter += 1)}`;
      const update = (change: (turn: Turn) => Turn) => setTurns((all) => all.map((turn) => (turn.key === key ? change(turn) : turn)));
      setTurns((all) => [
        ...all,
        { key, question: message, userMessageId: null, messageId: null, state: "waiting", text: "", citations: [], mode: null, notice: null, tools: [], problem: null },
      ]);
      const controller = new AbortController();
      abortRef.current = controller;
      let startedIn: string | null = conversationRef.current;
      try {
        const response = await postChat({ conversationId: conversationRef.current, message }, tenantId, controller.signal);
        if (!response.ok || !response.body) {
          const problem = await readRouteProblem(response);
          update((turn) => ({ ...turn, state: "failed", problem }));
          return;
        }
        let finished = false;
        for await (const event of readChatStream(response.body)) {
          if (event.type === "start" && event.conversationId !== conversationRef.current) {
            startedIn = event.conversationId;
            conversationRef.current = event.conversationId;
            setConversationId(event.conversationId);
            onStarted?.(event.conversationId);
          }
          if (event.type === "done" || event.type === "error") finished = true;
          update((turn) => applyEvent(turn, event));
        }
        if (!finished) update((turn) => ({ ...turn, state: "failed", problem: cutOff }));
      } catch {
        if (controller.signal.aborted) update((turn) => ({ ...turn, state: "stopped" }));
        else update((turn) => ({ ...turn, state: "failed", problem: unreachable }));
      } finally {
        abortRef.current = null;
        if (startedIn) onFinished?.(startedIn);
      }
    },
    [tenantId, onStarted, onFinished],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  /** The conversation asked to continue is gone: the next question starts a new one. */
  const forgetConversation = useCallback(() => {
    conversationRef.current = null;
    setConversationId(null);
  }, []);

  return { conversationId, turns, busy, send, stop, forgetConversation };
}
