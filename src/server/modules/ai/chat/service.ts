import { stepCountIs, streamText, tool, type LanguageModel, type ModelMessage, type ToolSet } from "ai";
import { sql } from "drizzle-orm";
import type { Actor, TenantTx } from "../../../db/tenant";
import { DomainError } from "../../../platform/errors";
import { logger } from "../../../platform/logger";
import { recordAiRequest, recordAiTokens, type AiResult } from "../../../platform/metrics";
import type { AiTool } from "../../define";
import { ALL_AI_TOOLS } from "../../index";
import { requireFeature } from "../../orgs/limits";
import { roleAtLeast } from "../../orgs/roles";
import { assertMessageCapacity, recordUsage, usageMonth } from "../limits";
import { retrieve, type Passage, type RetrievalOptions, type RetrievalResult } from "../retrieval";
import { aiMessages } from "../schema";
import { createConversation, recentMessages, titleFromQuestion, touchConversation } from "./conversations";
import { extractiveAnswer } from "./extractive";
import { languageModel, languageModelTimeoutMs } from "./model";
import { newBoundary, passageCitation, recordCitation, systemPrompt, toolResultForModel } from "./prompt";
import type { AnswerMode, ChatStreamEvent, Citation, RecordCitation } from "./protocol";

/*
 * One question to the assistant, in three steps that never hold a transaction across a
 * model call (ARCHITECTURE.md):
 *  1. startAnswer: one short tenant transaction checks the plan and the month's message
 *     limit, creates or continues the conversation, stores the question and counts it
 *     (under the limit's lock, so concurrent questions cannot overshoot). Refusals are
 *     thrown here, before any streaming starts.
 *  2. run: retrieval (outside any transaction), then the model with the member's tools
 *     (each call in its own tenant transaction, read only), or without a model the
 *     extracted passages. Events are emitted as they happen; the model is bounded by
 *     LLM_TIMEOUT_MS and by the caller's signal (the client went away).
 *  3. run, at the end: one short transaction saves the answer and adds its tokens.
 */

export type EnterTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;
export type RetrieveFn = (tenantId: string, enter: EnterTenant, query: string, options: RetrievalOptions) => Promise<RetrievalResult>;

/** Who asks: their tenant, its name (for the prompt), the member, and how to enter the tenant as them. */
export type Asker = { tenantId: string; organization: string; actor: Actor; enter: EnterTenant };

export type ChatDependencies = {
  retrieve: RetrieveFn;
  /** Every module's tools; the member gets those their role allows. */
  tools: readonly AiTool[];
  /** The model (null: extractive answers); by default the configured one (./model.ts). */
  model: () => LanguageModel | null;
  timeoutMs: () => number;
};

const DEFAULTS: ChatDependencies = { retrieve, tools: ALL_AI_TOOLS, model: languageModel, timeoutMs: languageModelTimeoutMs };
let defaults: ChatDependencies = DEFAULTS;

/** Tests: what answers use when the caller passes nothing (e.g. through the HTTP route); null restores the real ones. */
export function setChatDependenciesForTests(overrides: Partial<ChatDependencies> | null): void {
  defaults = overrides ? { ...DEFAULTS, ...overrides } : DEFAULTS;
}

export const PASSAGES_K = 6;
export const MAX_STEPS = 5;
/** Earlier messages the model sees: the last three questions and answers. */
const HISTORY_MESSAGES = 6;
const RETRIEVAL_FAILED_NOTICE = "The documents could not be searched just now (the error has been logged): this answer uses no document passages.";
const STOPPED_MESSAGE = "The answer was stopped before it was complete.";

export function timeoutMessage(ms: number): string {
  return `The language model did not answer within ${Math.round(ms / 1000)} s. What it wrote so far is kept; try again, or ask a shorter question.`;
}

export type AnswerOutcome = {
  /** The saved assistant message (null: it could not be saved). */
  messageId: string | null;
  mode: AnswerMode;
  content: string;
  citations: Citation[];
  usage: { inputTokens: number; outputTokens: number };
};

export type AnswerRun = {
  conversationId: string;
  userMessageId: string;
  /**
   * Streams the answer through `emit` (start, citations, tool, text…, then done; or error
   * then done with mode "error"; or error alone when not even the failure could be saved).
   * Never rejects. `signal` aborts the model call (the client disconnected).
   */
  run(emit: (event: ChatStreamEvent) => void, signal?: AbortSignal): Promise<AnswerOutcome>;
};

export type AskInput = { conversationId?: string | null; message: string };

/** Step 1: admits and stores the question (throws the refusals), and hands back the rest to run. */
export async function startAnswer(asker: Asker, input: AskInput, dependencies: Partial<ChatDependencies> = {}): Promise<AnswerRun> {
  const deps = { ...defaults, ...dependencies };
  const question = input.message.trim();
  const month = usageMonth();
  const stored = await asker.enter(async (tx) => {
    await requireFeature(tx, "ai_chat");
    if (input.conversationId) await touchConversation(tx, input.conversationId);
    await assertMessageCapacity(tx);
    const conversationId = input.conversationId ?? (await createConversation(tx, titleFromQuestion(question)));
    const history = input.conversationId ? await recentMessages(tx, conversationId, HISTORY_MESSAGES) : [];
    const [message] = await tx.insert(aiMessages).values({ conversationId, role: "user", content: question }).returning({ id: aiMessages.id });
    // Counted now, under the lock assertMessageCapacity holds: the tokens are added when the answer is saved.
    await recordUsage(tx, { messages: 1, input: 0, output: 0 });
    return { conversationId, userMessageId: message!.id, history };
  });
  const history: ModelMessage[] = stored.history
    .filter((message) => message.content.trim() !== "" && message.answerMode !== "error")
    .map((message) => ({ role: message.role, content: message.content }));
  const context: AnswerContext = { asker, deps, question, month, conversationId: stored.conversationId, userMessageId: stored.userMessageId, history };
  return { conversationId: stored.conversationId, userMessageId: stored.userMessageId, run: (emit, signal) => runAnswer(context, emit, signal) };
}

type AnswerContext = {
  asker: Asker;
  deps: ChatDependencies;
  question: string;
  month: string;
  conversationId: string;
  userMessageId: string;
  history: ModelMessage[];
};

async function runAnswer(context: AnswerContext, emit: (event: ChatStreamEvent) => void, signal?: AbortSignal): Promise<AnswerOutcome> {
  const { asker, deps, question, conversationId, userMessageId } = context;
  let retrieval: Pick<RetrievalResult, "passages" | "notice">;
  try {
    retrieval = await deps.retrieve(asker.tenantId, asker.enter, question, { mode: "hybrid", k: PASSAGES_K });
  } catch (error) {
    logger.error({ err: error }, "ai chat: retrieval failed");
    retrieval = { passages: [], notice: RETRIEVAL_FAILED_NOTICE };
  }
  const model = deps.model();
  emit({ type: "start", conversationId, userMessageId, mode: model ? "model" : "extractive", notice: retrieval.notice });

  let answer: Omit<AnswerOutcome, "messageId">;
  if (model) {
    answer = await modelAnswer(context, model, retrieval.passages, emit, signal);
  } else {
    const extracted = extractiveAnswer(question, retrieval.passages);
    if (extracted.citations.length > 0) emit({ type: "citations", citations: extracted.citations });
    emit({ type: "text", delta: extracted.text });
    answer = { mode: "extractive", content: extracted.text, citations: extracted.citations, usage: { inputTokens: 0, outputTokens: 0 } };
  }

  try {
    const messageId = await asker.enter((tx) => saveAnswer(tx, context, answer));
    emit({ type: "done", messageId, mode: answer.mode, usage: answer.usage });
    return { ...answer, messageId };
  } catch (error) {
    logger.error({ err: error }, "ai chat: the answer could not be saved");
    const message = error instanceof DomainError ? error.message : "The answer could not be saved (the error has been logged).";
    emit({ type: "error", message });
    return { ...answer, messageId: null };
  }
}

async function saveAnswer(tx: TenantTx, context: AnswerContext, answer: Omit<AnswerOutcome, "messageId">): Promise<string> {
  const [row] = await tx
    .insert(aiMessages)
    .values({
      conversationId: context.conversationId,
      role: "assistant",
      content: answer.content,
      citations: answer.citations,
      answerMode: answer.mode,
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
    })
    .returning({ id: aiMessages.id });
  await touchConversation(tx, context.conversationId);
  // Tokens only: the question was counted when it was admitted.
  await recordUsage(tx, { messages: 0, input: answer.usage.inputTokens, output: answer.usage.outputTokens, month: context.month });
  return row!.id;
}

/** The tools the member's role allows, each run as them in a read-only tenant transaction of its own. */
export function toolsFor(
  asker: Asker,
  tools: readonly AiTool[],
  handlers: { emit: (event: ChatStreamEvent) => void; cite: (records: Awaited<ReturnType<AiTool["run"]>>["records"]) => RecordCitation[] },
): ToolSet {
  const allowed = tools.filter((candidate) => roleAtLeast(asker.actor.role, candidate.minimumRole));
  return Object.fromEntries(
    allowed.map((declared) => [
      declared.name,
      tool({
        description: declared.description,
        inputSchema: declared.input,
        async execute(input: unknown) {
          handlers.emit({ type: "tool", name: declared.name, status: "started" });
          try {
            const result = await asker.enter(async (tx) => {
              // Declared read-only; the database holds the tool to it.
              await tx.execute(sql`set transaction read only`);
              return declared.run(tx, asker.actor, input);
            });
            const cited = handlers.cite(result.records);
            handlers.emit({ type: "tool", name: declared.name, status: "done" });
            return toolResultForModel(result.data, cited);
          } catch (error) {
            handlers.emit({ type: "tool", name: declared.name, status: "failed" });
            if (error instanceof DomainError) return { error: error.message };
            logger.error({ err: error, tool: declared.name }, "ai chat: a tool failed");
            return { error: "This lookup failed (the error has been logged)." };
          }
        },
      }),
    ]),
  );
}

type Usage = AnswerOutcome["usage"];

async function modelAnswer(
  context: AnswerContext,
  model: LanguageModel,
  passages: Passage[],
  emit: (event: ChatStreamEvent) => void,
  signal?: AbortSignal,
): Promise<Omit<AnswerOutcome, "messageId">> {
  const { asker, deps } = context;
  const citations: Citation[] = passages.map((passage, index) => passageCitation(passage, index + 1));
  if (citations.length > 0) emit({ type: "citations", citations: [...citations] });
  // A tool still running when the answer ended (timeout, client gone) must not emit after it.
  let finished = false;
  const emitLive = (event: ChatStreamEvent) => {
    if (!finished) emit(event);
  };
  const recordNumbers = new Map<string, RecordCitation>();
  const cite = (records: { recordType: RecordCitation["recordType"]; id: string; label: string; href: string }[]) => {
    const cited = records.map((record) => {
      const key = `${record.recordType}:${record.id}`;
      let citation = recordNumbers.get(key);
      if (!citation) {
        citation = recordCitation(record, citations.length + 1);
        recordNumbers.set(key, citation);
        citations.push(citation);
      }
      return citation;
    });
    if (cited.length > 0) emitLive({ type: "citations", citations: [...citations] });
    return cited;
  };
  const tools = toolsFor(asker, deps.tools, { emit: emitLive, cite });

  const timeoutMs = deps.timeoutMs();
  const timeout = AbortSignal.timeout(timeoutMs);
  const abort = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const aborted = new Promise<"aborted">((resolve) => {
    if (abort.aborted) resolve("aborted");
    else abort.addEventListener("abort", () => resolve("aborted"), { once: true });
  });

  const started = performance.now();
  let text = "";
  let failure: string | null = null;
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let stepUsage: Usage = { inputTokens: 0, outputTokens: 0 };
  try {
    const result = streamText({
      model,
      system: systemPrompt({ passages, boundary: newBoundary(), toolNames: Object.keys(tools), organization: asker.organization, today: new Date() }),
      messages: [...context.history, { role: "user", content: context.question }],
      tools,
      stopWhen: stepCountIs(MAX_STEPS),
      abortSignal: abort,
      maxRetries: 1,
      // Failures arrive as stream parts and are handled below; the default handler would only log them again.
      onError: () => {},
    });
    const reader = result.fullStream.getReader();
    // Racing every read against the signal: a model (or tool) that ignores the abort cannot hang the request.
    for (;;) {
      const next = await Promise.race([reader.read(), aborted]);
      if (next === "aborted") {
        void reader.cancel().catch(() => {});
        failure = timeout.aborted ? timeoutMessage(timeoutMs) : STOPPED_MESSAGE;
        break;
      }
      if (next.done) break;
      const part = next.value;
      if (part.type === "text-delta") {
        text += part.text;
        emit({ type: "text", delta: part.text });
      } else if (part.type === "finish-step") {
        stepUsage = { inputTokens: stepUsage.inputTokens + (part.usage.inputTokens ?? 0), outputTokens: stepUsage.outputTokens + (part.usage.outputTokens ?? 0) };
      } else if (part.type === "finish") {
        usage = { inputTokens: part.totalUsage.inputTokens ?? stepUsage.inputTokens, outputTokens: part.totalUsage.outputTokens ?? stepUsage.outputTokens };
      } else if (part.type === "error") {
        failure = describeModelFailure(part.error);
        break;
      } else if (part.type === "abort") {
        failure = timeout.aborted ? timeoutMessage(timeoutMs) : STOPPED_MESSAGE;
        break;
      }
    }
  } catch (error) {
    failure = describeModelFailure(error);
  }
  finished = true;
  if (failure === null) {
    recordModelCall("ok", started, usage);
    return { mode: "model", content: text, citations: [...citations], usage };
  }
  if (usage.inputTokens === 0 && usage.outputTokens === 0) usage = stepUsage;
  // A member who stops the answer is no model failure: only the tokens count then.
  recordModelCall(timeout.aborted ? "timeout" : failure === STOPPED_MESSAGE ? null : "error", started, usage);
  emit({ type: "error", message: failure });
  return { mode: "error", content: text, citations: [...citations], usage };
}

/** neuroops_ai_*: one language model answer (null result: stopped by the member, not counted as a request) and its tokens. */
function recordModelCall(result: AiResult | null, started: number, usage: Usage): void {
  if (result) recordAiRequest("chat", result, (performance.now() - started) / 1000);
  recordAiTokens({ prompt: usage.inputTokens, completion: usage.outputTokens });
}

function describeModelFailure(error: unknown): string {
  logger.error({ err: error }, "ai chat: the language model failed");
  const status = typeof error === "object" && error !== null && "statusCode" in error ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (status === 401 || status === 403) return `The language model refused the request (HTTP ${status}): the server's LLM_API_KEY may be wrong. The error has been logged.`;
  if (status === 429) return "The language model is busy (too many requests). Try again in a minute.";
  return `The language model could not answer${typeof status === "number" ? ` (HTTP ${status})` : ""}. The error has been logged; try again later.`;
}
