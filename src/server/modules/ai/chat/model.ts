import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { env } from "../../../platform/env";
import { languageModelName } from "../status";

/*
 * The chat's language model: any OpenAI-compatible chat-completions endpoint
 * (LLM_API_KEY, LLM_MODEL, optional LLM_BASE_URL). Null when none is configured: the chat
 * then answers with extracted passages, labelled as such.
 */

/** undefined: read the environment; a model or null: what a test put in its place. */
let substitute: LanguageModel | null | undefined;
let cached: { key: string; model: LanguageModel } | null = null;

export function languageModel(): LanguageModel | null {
  if (substitute !== undefined) return substitute;
  const name = languageModelName();
  if (!name) return null;
  const { LLM_API_KEY, LLM_BASE_URL } = env();
  const key = `${LLM_BASE_URL ?? ""}\n${name}\n${LLM_API_KEY}`;
  if (cached?.key !== key) cached = { key, model: createOpenAI({ apiKey: LLM_API_KEY, baseURL: LLM_BASE_URL }).chat(name) };
  return cached.model;
}

/** How long one answer may take the model, tools included (LLM_TIMEOUT_MS). */
export function languageModelTimeoutMs(): number {
  return env().LLM_TIMEOUT_MS;
}

/** Tests: answer with `model` (null: as if none were configured) until `restoreLanguageModel()`. */
export function setLanguageModelForTests(model: LanguageModel | null): void {
  substitute = model;
}

export function restoreLanguageModel(): void {
  substitute = undefined;
}
