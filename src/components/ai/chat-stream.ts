import type { ChatRequest, ChatStreamEvent } from "@/server/modules/ai/chat/protocol";

/*
 * The browser's side of POST /api/ai/chat: the answer arrives as NDJSON (one ChatStreamEvent
 * a line) and is read as it comes, line by line; a refusal (plan, limit, role, bad input)
 * is a JSON error body with its status instead (src/server/api/errors.ts).
 */

export const CHAT_URL = "/api/ai/chat";

/** A refusal of the route: its message, and the plan limit it is about (for the billing prompt). */
export type ChatProblem = { message: string; status: number | null; limit: { limit: string; plan: string } | null };

function isEvent(value: unknown): value is ChatStreamEvent {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** The events of an NDJSON body, in order, as each line completes (a blank or unreadable line is skipped). */
export async function* readChatStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const parse = (line: string): ChatStreamEvent | null => {
    const trimmed = line.trim();
    if (!trimmed) return null;
    try {
      const value: unknown = JSON.parse(trimmed);
      return isEvent(value) ? value : null;
    } catch {
      return null;
    }
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += decoder.decode(value, { stream: !done });
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const event = parse(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (event) yield event;
        newline = buffer.indexOf("\n");
      }
      if (done) break;
    }
    const last = parse(buffer);
    if (last) yield last;
  } finally {
    reader.releaseLock();
  }
}

function fallbackMessage(status: number): string {
  if (status === 401) return "Your session has ended. Sign in again and retry.";
  if (status === 403) return "You cannot use the assistant in this organization.";
  if (status === 429) return "Too many questions at once. Wait a moment and ask again.";
  if (status === 503 || status === 504) return "The assistant is not available right now. Try again in a moment.";
  return `The question could not be sent (HTTP ${status}). Try again.`;
}

/** What a route's JSON error body says (`{ error, fieldErrors?, limit?, plan? }`), with a plain fallback per status. */
export async function readRouteProblem(response: Response): Promise<ChatProblem> {
  let body: { error?: unknown; limit?: unknown; plan?: unknown } = {};
  try {
    body = ((await response.json()) ?? {}) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return {
    message: typeof body.error === "string" && body.error ? body.error : fallbackMessage(response.status),
    status: response.status,
    limit: typeof body.limit === "string" && typeof body.plan === "string" ? { limit: body.limit, plan: body.plan } : null,
  };
}

/** Sends a question; the response's body is the NDJSON stream when `ok`. */
export function postChat(request: ChatRequest, tenantId: string | null, signal: AbortSignal): Promise<Response> {
  return fetch(CHAT_URL, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/x-ndjson", ...(tenantId ? { "x-tenant-id": tenantId } : {}) },
    body: JSON.stringify(request),
    signal,
  });
}
