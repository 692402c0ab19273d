"use client";

import { useQuery } from "@tanstack/react-query";
import type { AiStatus } from "@/server/modules/ai/status";
import { useTRPC } from "@/trpc/client";

/** ai.status, shared by the library, the chat and the assistant panel (it loads the embedding model once per process: kept a minute). */
export function useAiStatus(enabled = true) {
  const trpc = useTRPC();
  return useQuery(trpc.ai.status.queryOptions(undefined, { enabled, staleTime: 60_000 }));
}

/** Why there is no meaning-based search, always ending on what it means ("retrieval is lexical only"). */
export function lexicalOnlyReason(reason: string): string {
  const said = reason.trim();
  return /lexical only/i.test(said) ? said : `${said.replace(/[.\s]+$/, "")}: retrieval is lexical only (matching words, not meaning).`;
}

function Line({ tone, children }: { tone: "ok" | "warn"; children: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2">
      <span aria-hidden className={tone === "ok" ? "mt-1.5 size-2 shrink-0 rounded-full bg-success-700" : "mt-1.5 size-2 shrink-0 rounded-full bg-amber-500"} />
      <span className={tone === "ok" ? "text-ink-muted" : "text-amber-900"}>{children}</span>
    </li>
  );
}

/** How answers are made and how passages are found, said plainly (extractive and lexical-only modes are never silent). */
export function ModelStatus({ status }: { status: AiStatus }) {
  return (
    <ul aria-label="How the assistant works here" className="flex flex-col gap-1 text-sm">
      {status.languageModel ? (
        <Line tone="ok">
          Answers by <span className="font-medium text-ink">{status.languageModel}</span>
        </Line>
      ) : (
        <Line tone="warn">No language model configured: answers are the most relevant passages</Line>
      )}
      {status.embeddings.state === "ready" ? (
        <Line tone="ok">
          Meaning-based search with <span className="font-medium text-ink">{status.embeddings.model}</span>
        </Line>
      ) : (
        <Line tone="warn">{lexicalOnlyReason(status.embeddings.reason)}</Line>
      )}
    </ul>
  );
}

/** The status line's shape while ai.status loads. */
export function ModelStatusSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-4 w-72 animate-pulse rounded bg-surface-sunken" />
      <div className="h-4 w-64 animate-pulse rounded bg-surface-sunken" />
    </div>
  );
}
