"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { readServerError } from "@/components/ui/server-errors";
import type { MemberRole } from "@/server/modules/orgs/roles";
import { useTRPC } from "@/trpc/client";
import { ModelStatus, ModelStatusSkeleton, useAiStatus } from "./ai-status";
import { ChatThread, ThreadSkeleton } from "./chat-thread";
import { ConversationList, NewConversationButton } from "./conversation-list";
import { chatHref } from "./links";
import { AiPlanGate } from "./plan-notices";

/** After an answer: the conversation list (new title, new order) and the saved conversation are stale. */
export function useConversationRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (conversationId: string) =>
      void Promise.all([
        queryClient.invalidateQueries(trpc.ai.conversations.list.pathFilter()),
        queryClient.invalidateQueries(trpc.ai.conversations.get.queryFilter({ id: conversationId })),
      ]),
    [queryClient, trpc],
  );
}

/**
 * /t/[slug]/ai/chat and /t/[slug]/ai/chat/[conversationId]: the member's conversations on
 * the side, the thread and the question box. A new conversation takes its address
 * (/chat/<id>) as soon as the server names it, without reloading the thread.
 */
export function ChatWorkspace({ slug, role, conversationId }: { slug: string; role: MemberRole; conversationId: string | null }) {
  const router = useRouter();
  const status = useAiStatus();
  const refresh = useConversationRefresh();
  // A new conversation started on this page (its id), and a counter that starts a fresh thread.
  const [started, setStarted] = useState<string | null>(null);
  const [session, setSession] = useState(0);
  const activeId = conversationId ?? started;

  const startNew = () => {
    if (conversationId !== null) return router.push(chatHref(slug));
    setStarted(null);
    setSession((n) => n + 1);
    window.history.replaceState(null, "", chatHref(slug));
  };

  const onStarted = useCallback(
    (id: string) => {
      setStarted(id);
      window.history.replaceState(null, "", chatHref(slug, id));
      refresh(id);
    },
    [slug, refresh],
  );

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-2">
          <h1 className="text-2xl font-semibold text-ink">Ask the assistant</h1>
          <div aria-live="polite" aria-busy={status.isPending || undefined}>
            {status.isPending ? <ModelStatusSkeleton /> : status.isError ? null : <ModelStatus status={status.data} />}
          </div>
        </div>
        {status.data?.enabled && <NewConversationButton onClick={startNew} />}
      </div>

      {status.isError && <Alert>Could not read the assistant&apos;s status: {readServerError(status.error).message}</Alert>}
      {status.data && !status.data.enabled ? (
        <AiPlanGate slug={slug} role={role} planLabel={status.data.planLabel} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[16rem_minmax(0,1fr)]">
          <div className="max-h-64 min-h-0 overflow-hidden rounded-card border border-gray-200 bg-white p-3 shadow-sm lg:max-h-[calc(100vh-14rem)]">
            <ConversationList slug={slug} activeId={activeId} onDeletedActive={startNew} />
          </div>
          <section aria-label="Chat" className="flex h-[calc(100vh-14rem)] min-h-[26rem] flex-col rounded-card border border-gray-200 bg-surface-muted p-3 shadow-sm">
            {status.isPending ? (
              <ThreadSkeleton />
            ) : (
              <ChatThread
                key={`${conversationId ?? "new"}-${session}`}
                slug={slug}
                role={role}
                conversationId={conversationId}
                onConversationStarted={onStarted}
                onConversationUpdated={refresh}
                emptyHint={
                  <>
                    <p className="font-medium text-ink">Ask about your documents or your records.</p>
                    <p className="mt-1">For example: “What is our refund policy?”, “Which deals close this month?”, “Which products are low on stock?”. Answers cite their sources.</p>
                  </>
                }
              />
            )}
          </section>
        </div>
      )}
    </div>
  );
}
