import type { TenantTx } from "../../db/tenant";
import { env } from "../../platform/env";
import { currentPlan } from "../orgs/limits";
import { PLANS, type Plan } from "../orgs/plans";
import { corpusState } from "./corpus";
import { loadEmbedder } from "./embeddings/model";

export type AiStatus = {
  plan: Plan;
  planLabel: string;
  /** The plan includes the assistant (`ai_chat`). */
  enabled: boolean;
  /** The largest file the plan takes. */
  maxDocumentBytes: number;
  /** A language model is configured (LLM_API_KEY and LLM_MODEL); otherwise answers are extracted passages. */
  languageModel: string | null;
  /** The embedding model, or why none could be loaded (retrieval is then lexical only). */
  embeddings: { state: "ready"; model: string; dimensions: number } | { state: "unavailable"; model: string; reason: string };
  chunks: number;
};

/** Whether a language model is configured: both a key and a model name (the base URL defaults to OpenAI's). */
export function languageModelName(): string | null {
  const { LLM_API_KEY, LLM_MODEL } = env();
  return LLM_API_KEY && LLM_MODEL ? LLM_MODEL : null;
}

/** What the AI pages show about themselves: the plan, the models, the corpus. Loads the embedding model (outside any transaction). */
export async function aiStatus(enter: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>): Promise<AiStatus> {
  const model = await loadEmbedder();
  const { plan, chunks } = await enter(async (tx) => ({ plan: await currentPlan(tx), chunks: (await corpusState(tx)).chunkCount }));
  return {
    plan,
    planLabel: PLANS[plan].label,
    enabled: PLANS[plan].features.ai_chat,
    maxDocumentBytes: PLANS[plan].aiDocumentBytes,
    languageModel: languageModelName(),
    embeddings:
      model.state === "ready"
        ? { state: "ready", model: model.embedder.modelId, dimensions: model.embedder.dimensions }
        : { state: "unavailable", model: model.modelId, reason: model.reason },
    chunks,
  };
}
