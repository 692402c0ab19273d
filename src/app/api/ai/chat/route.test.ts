import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { addMember, callerFor, createUser } from "@/test/fixtures";
import { sessionCookie } from "@/test/http";
import { restoreLanguageModel, setLanguageModelForTests } from "@/server/modules/ai/chat/model";
import type { ChatStreamEvent } from "@/server/modules/ai/chat/protocol";
import { setChatDependenciesForTests } from "@/server/modules/ai/chat/service";
import { fakeRetrieval, passage, stuckStep, tenantOnPlan, textStep, usageRow } from "@/server/modules/ai/chat/test-support";
import type { SessionUser } from "@/server/modules/accounts/service";
import { POST } from "./route";

afterEach(() => {
  restoreLanguageModel();
  setChatDependenciesForTests(null);
});

async function ask(user: SessionUser, tenantId: string, body: unknown, init: { signal?: AbortSignal } = {}) {
  const headers = { cookie: await sessionCookie(user), "x-tenant-id": tenantId, "content-type": "application/json" };
  return POST(new Request("http://localhost/api/ai/chat", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body), signal: init.signal }));
}

async function eventsOf(response: Response): Promise<ChatStreamEvent[]> {
  const text = await response.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as ChatStreamEvent);
}

describe("POST /api/ai/chat", () => {
  it("streams the answer as NDJSON and saves it after the handler has returned", async () => {
    const { org } = await tenantOnPlan();
    const viewer = await createUser();
    await addMember(org.id, viewer.id, "viewer");
    setChatDependenciesForTests({ retrieve: fakeRetrieval([passage({ text: "Employees get 25 days of paid vacation per year." })]).retrieve });
    setLanguageModelForTests(new MockLanguageModelV3({ doStream: [textStep(["You get ", "25 days [1]."])] }));

    const response = await ask(viewer, org.id, { message: "  How many vacation days?  " });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const events = await eventsOf(response);
    expect(events.map((event) => event.type)).toEqual(["start", "citations", "text", "text", "done"]);
    const start = events[0] as Extract<ChatStreamEvent, { type: "start" }>;
    expect(start.mode).toBe("model");

    const conversation = await callerFor(viewer, org.id).ai.conversations.get({ id: start.conversationId });
    expect(conversation.messages.map((message) => [message.role, message.content, message.answerMode])).toEqual([
      ["user", "How many vacation days?", null],
      ["assistant", "You get 25 days [1].", "model"],
    ]);
    expect(conversation.messages[1]!.citations).toHaveLength(1);
    expect(await usageRow(org.id)).toEqual({ messages: 1, input_tokens: 100, output_tokens: 20 });
  });

  it("answers with extracted passages when no model is configured", async () => {
    const { org, owner } = await tenantOnPlan();
    setChatDependenciesForTests({ retrieve: fakeRetrieval([passage({ text: "Employees get 25 days of paid vacation per year." })]).retrieve });
    setLanguageModelForTests(null);
    const events = await eventsOf(await ask(owner, org.id, { message: "Vacation days?" }));
    expect(events[0]).toMatchObject({ type: "start", mode: "extractive" });
    expect(events.at(-1)).toMatchObject({ type: "done", mode: "extractive" });
  });

  it("ends the stream with an error event when the model hangs, and the request finishes", async () => {
    const { org, owner } = await tenantOnPlan();
    setChatDependenciesForTests({ retrieve: fakeRetrieval([]).retrieve, timeoutMs: () => 1_000 });
    setLanguageModelForTests(new MockLanguageModelV3({ doStream: [stuckStep("Partly")] }));
    const events = await eventsOf(await ask(owner, org.id, { message: "Anything?" }));
    expect(events.map((event) => event.type)).toEqual(["start", "text", "error", "done"]);
    expect(events[2]).toMatchObject({ message: expect.stringMatching(/^The language model did not answer within 1 s/) as string });
  });

  it("aborts the model call when the client cancels the body", async () => {
    const { org, owner } = await tenantOnPlan();
    const model = new MockLanguageModelV3({ doStream: [stuckStep("Partly")] });
    setChatDependenciesForTests({ retrieve: fakeRetrieval([]).retrieve, timeoutMs: () => 60_000 });
    setLanguageModelForTests(model);
    const response = await ask(owner, org.id, { message: "Anything?" });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(() => model.doStreamCalls[0]?.abortSignal?.aborted, { timeout: 2_000 }).toBe(true);
  });

  it("continues a conversation, and refuses one that is not the caller's with 404", async () => {
    const { org, owner } = await tenantOnPlan();
    const colleague = await createUser();
    await addMember(org.id, colleague.id, "admin");
    setChatDependenciesForTests({ retrieve: fakeRetrieval([]).retrieve });
    setLanguageModelForTests(null);
    const first = (await eventsOf(await ask(owner, org.id, { message: "First" })))[0] as Extract<ChatStreamEvent, { type: "start" }>;
    const second = (await eventsOf(await ask(owner, org.id, { conversationId: first.conversationId, message: "Second" })))[0];
    expect(second).toMatchObject({ type: "start", conversationId: first.conversationId });

    const refused = await ask(colleague, org.id, { conversationId: first.conversationId, message: "Let me in" });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({ error: "This conversation does not exist (it may have been deleted)." });
  });

  it("refuses before streaming, as JSON: Free plan (403 with the plan), bad bodies (400), strangers (403), signed out (401)", async () => {
    const free = await tenantOnPlan("free");
    const refusedPlan = await ask(free.owner, free.org.id, { message: "Hello" });
    expect(refusedPlan.status).toBe(403);
    expect(await refusedPlan.json()).toEqual({
      error: "AI chat is not included in your Free plan. Upgrade to Pro on Settings → Billing to use it.",
      limit: "feature.ai_chat",
      plan: "free",
    });

    const { org, owner } = await tenantOnPlan();
    const bad = async (body: unknown) => {
      const response = await ask(owner, org.id, body);
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: string }).error;
    };
    expect(await bad({ message: "   " })).toBe("Type a question.");
    expect(await bad({ message: "x".repeat(4_001) })).toBe("The question is too long (4,000 characters at most).");
    expect(await bad({ message: "Hi", conversationId: "nope" })).toBe("This conversation does not exist.");
    expect(await bad("not json")).toMatch(/^Send the question as JSON/);
    expect(await bad({})).toBeTruthy();

    // Hostile bodies (as src/server/api/hostile-routes.test.ts sends them): a 4xx with a message, nothing stored.
    const raw = async (body: string, headers: Record<string, string> = {}) => {
      const response = await POST(
        new Request("http://localhost/api/ai/chat", {
          method: "POST",
          headers: { cookie: await sessionCookie(owner), "x-tenant-id": org.id, "content-type": "application/json", ...headers },
          body,
        }),
      );
      return { status: response.status, error: ((await response.json()) as { error: string }).error };
    };
    expect(await raw("{}", { "content-length": String(51 * 1024 * 1024) })).toEqual({ status: 413, error: "The question is too long (4,000 characters at most)." });
    expect(await raw(`${'{"next":'.repeat(5_000)}1${"}".repeat(5_000)}`)).toMatchObject({ status: 400 });
    expect(await raw(JSON.stringify({ message: "a\u0000b" }))).toEqual({ status: 400, error: "Remove the invisible control characters from this text." });
    expect(await raw(JSON.stringify({ message: "Hi", conversationId: crypto.randomUUID() }))).toEqual({ status: 404, error: "This conversation does not exist (it may have been deleted)." });

    const stranger = await createUser();
    expect((await ask(stranger, org.id, { message: "Hello" })).status).toBe(403);
    const signedOut = await POST(new Request("http://localhost/api/ai/chat", { method: "POST", headers: { "x-tenant-id": org.id }, body: "{}" }));
    expect(signedOut.status).toBe(401);
    expect(await usageRow(org.id)).toBeNull();
  });
});
