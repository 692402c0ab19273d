import type { MockLanguageModelV3 } from "ai/test";
import { sql } from "drizzle-orm";
import { withTenant, type TenantTx } from "../../../db/tenant";
import { createTenant } from "../../../../test/fixtures";
import type { SessionUser } from "../../accounts/service";
import { setCurrentPlan } from "../../orgs/limits";
import type { Plan } from "../../orgs/plans";
import type { MemberRole } from "../../orgs/roles";
import type { Passage, RetrievalResult } from "../retrieval";
import type { ChatStreamEvent } from "./protocol";
import type { Asker, RetrieveFn } from "./service";

/* Test support for the chat's tests: tenants on a plan, askers, retrieval-shaped fakes, scripted model streams. */

// The provider's stream types, through the mock (the provider package is only a dependency of `ai`).
type LanguageModelV3StreamResult = Awaited<ReturnType<MockLanguageModelV3["doStream"]>>;
type LanguageModelV3StreamPart = LanguageModelV3StreamResult["stream"] extends ReadableStream<infer P> ? P : never;

export async function tenantOnPlan(plan: Plan = "pro") {
  const { org, owner } = await createTenant();
  await withTenant({ tenantId: org.id }, (tx) => setCurrentPlan(tx, plan));
  return { org, owner };
}

/**
 * The member as the route's gate hands them to the service. `open` counts the tenant
 * transactions open right now, so a test can check that nothing slow runs inside one.
 */
export function askerFor(org: { id: string; name: string }, user: SessionUser, role: MemberRole = "owner") {
  const state = { open: 0, entered: 0 };
  const asker: Asker = {
    tenantId: org.id,
    organization: org.name,
    actor: { userId: user.id, role },
    enter: async <T>(fn: (tx: TenantTx) => Promise<T>) => {
      state.entered += 1;
      state.open += 1;
      try {
        return await withTenant({ tenantId: org.id, userId: user.id, role }, fn);
      } finally {
        state.open -= 1;
      }
    },
  };
  return { asker, state };
}

let chunkSequence = 1000;

export function passage(overrides: Partial<Passage> & { text: string }): Passage {
  const chunkId = String(chunkSequence++);
  return {
    chunkId,
    documentId: crypto.randomUUID(),
    documentTitle: "Employee handbook",
    ordinal: 0,
    heading: null,
    page: null,
    charStart: 0,
    charEnd: overrides.text.length,
    score: 1,
    vectorRank: 1,
    lexicalRank: 1,
    ...overrides,
  };
}

/** A retrieval with the real signature that answers `passages`, and records what it was asked and whether a transaction was open. */
export function fakeRetrieval(passages: Passage[], options: { notice?: string | null; openTransactions?: () => number } = {}) {
  const calls: { query: string; k: number | undefined; openTransactions: number | null }[] = [];
  const retrieve: RetrieveFn = async (_tenantId, _enter, query, retrievalOptions) => {
    calls.push({ query, k: retrievalOptions.k, openTransactions: options.openTransactions?.() ?? null });
    const notice = options.notice ?? null;
    return { passages, mode: "hybrid", lexicalOnly: notice !== null, notice } satisfies RetrievalResult;
  };
  return { retrieve, calls };
}

export function collector() {
  const events: ChatStreamEvent[] = [];
  return { events, emit: (event: ChatStreamEvent) => void events.push(event) };
}

export function textOf(events: ChatStreamEvent[]): string {
  return events.map((event) => (event.type === "text" ? event.delta : "")).join("");
}

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

function streamOf(parts: LanguageModelV3StreamPart[]): ReadableStream<LanguageModelV3StreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

/** One model step that writes `chunks` and stops. */
export function textStep(chunks: string[], tokens = { input: 100, output: 20 }): LanguageModelV3StreamResult {
  return {
    stream: streamOf([
      { type: "stream-start", warnings: [] },
      { type: "text-start", id: "t" },
      ...chunks.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
      { type: "text-end", id: "t" },
      { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(tokens.input, tokens.output) },
    ]),
  };
}

/** One model step that calls a tool. */
export function toolStep(toolName: string, input: unknown, tokens = { input: 80, output: 10 }): LanguageModelV3StreamResult {
  return {
    stream: streamOf([
      { type: "stream-start", warnings: [] },
      { type: "tool-call", toolCallId: `call-${toolName}-${chunkSequence++}`, toolName, input: JSON.stringify(input) },
      { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: usage(tokens.input, tokens.output) },
    ]),
  };
}

/** A step that writes `first` and then never finishes (it ignores the abort signal, as a stuck connection would). */
export function stuckStep(first: string): LanguageModelV3StreamResult {
  return {
    stream: new ReadableStream({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings: [] });
        controller.enqueue({ type: "text-start", id: "t" });
        controller.enqueue({ type: "text-delta", id: "t", delta: first });
      },
    }),
  };
}

export async function usageRow(tenantId: string) {
  const [row] = await withTenant({ tenantId }, (tx) =>
    tx.execute<{ messages: number; input_tokens: number; output_tokens: number }>(
      sql`select messages, input_tokens::int, output_tokens::int from ai_usage where month = date_trunc('month', now() at time zone 'utc')::date`,
    ),
  );
  return row ?? null;
}
