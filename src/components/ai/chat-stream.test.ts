import { describe, expect, it } from "vitest";
import { readChatStream, readRouteProblem } from "./chat-stream";
import { applyEvent, type Turn } from "./use-chat";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readChatStream(body)) events.push(event);
  return events;
}

describe("the chat stream reader", () => {
  it("yields each NDJSON line once complete, across chunk boundaries and split characters", async () => {
    const euro = new TextEncoder().encode('{"type":"text","delta":"5 €"}\n');
    const cut = euro.indexOf(0xe2) + 1; // inside the euro sign's three bytes
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":"start","conversationId":"c","userMessageId":"u","mode":"extractive","notice":null}\n{"type":"te'));
        controller.enqueue(new TextEncoder().encode('xt","delta":"Hi "}\n\n'));
        controller.enqueue(euro.slice(0, cut));
        controller.enqueue(euro.slice(cut));
        controller.enqueue(new TextEncoder().encode('{"type":"done","messageId":"m","mode":"extractive","usage":{"inputTokens":0,"outputTokens":0}}'));
        controller.close();
      },
    });
    const events = await collect(body);
    expect(events.map((e) => e.type)).toEqual(["start", "text", "text", "done"]);
    expect(events[2]).toEqual({ type: "text", delta: "5 €" });
  });

  it("skips a line that is not an event", async () => {
    expect(await collect(streamOf(['not json\n{"foo":1}\n{"type":"error","message":"Timed out"}\n']))).toEqual([{ type: "error", message: "Timed out" }]);
  });
});

describe("a refusal of the chat route", () => {
  it("carries the server's message and the plan limit it is about", async () => {
    const response = Response.json({ error: "Your Pro plan allows 500 AI questions a month.", limit: "ai.messages_per_month", plan: "pro" }, { status: 403 });
    expect(await readRouteProblem(response)).toEqual({
      message: "Your Pro plan allows 500 AI questions a month.",
      status: 403,
      limit: { limit: "ai.messages_per_month", plan: "pro" },
    });
  });

  it("says what the status means when the body is not JSON", async () => {
    const problem = await readRouteProblem(new Response("<html>Bad gateway</html>", { status: 401 }));
    expect(problem).toEqual({ message: "Your session has ended. Sign in again and retry.", status: 401, limit: null });
  });
});

describe("a turn as its events arrive", () => {
  const waiting: Turn = { key: "t", question: "q", userMessageId: null, messageId: null, state: "waiting", text: "", citations: [], mode: null, notice: null, tools: [], problem: null };

  it("collects the mode, the tools' last state, the citations and the text, and ends done", () => {
    const citation = { kind: "passage", n: 1, documentId: "d", documentTitle: "Handbook", chunkId: "5", charStart: 0, charEnd: 9, heading: null, page: null, excerpt: "Returns" } as const;
    const turn = [
      { type: "start", conversationId: "c", userMessageId: "u", mode: "extractive", notice: "No language model is configured." },
      { type: "tool", name: "search_deals", status: "started" },
      { type: "tool", name: "search_deals", status: "done" },
      { type: "citations", citations: [citation] },
      { type: "text", delta: "Within 45 days " },
      { type: "text", delta: "[1]." },
      { type: "done", messageId: "m", mode: "extractive", usage: { inputTokens: 0, outputTokens: 0 } },
    ].reduce<Turn>((current, event) => applyEvent(current, event as Parameters<typeof applyEvent>[1]), waiting);
    expect(turn).toMatchObject({ state: "done", userMessageId: "u", messageId: "m", mode: "extractive", notice: "No language model is configured.", text: "Within 45 days [1]." });
    expect(turn.tools).toEqual([{ name: "search_deals", status: "done" }]);
    expect(turn.citations).toEqual([citation]);
  });

  it("keeps what arrived before an error and shows the error", () => {
    const partial = applyEvent(applyEvent(waiting, { type: "text", delta: "Part" }), { type: "error", message: "The language model did not answer in time." });
    expect(partial).toMatchObject({ state: "failed", text: "Part", problem: { message: "The language model did not answer in time." } });
  });
});
