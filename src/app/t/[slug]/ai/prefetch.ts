import "server-only";
import { CONVERSATIONS_PAGE, DOCUMENTS_PAGE } from "@/components/ai/first-page";
import { isUuid } from "@/components/records/list-state";
import { getQueryClient, serverTrpc } from "@/trpc/server";

/*
 * What the AI pages show first, fetched on the server into the request's query cache and
 * handed to the browser with <HydrateClient> (inputs from components/ai/first-page.ts, so
 * the keys match). A query that fails here is left out: the component fetches it itself
 * and shows its own error (a missing document: its not-found state).
 */

const nextCursor = <C,>(page: { nextCursor: C | null }) => page.nextCursor;

/** The library: the assistant's status (plan, models) and the first page of documents. */
export async function prefetchLibrary(tenantId: string): Promise<void> {
  const trpc = serverTrpc(tenantId);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.ai.status.queryOptions()),
    queryClient.prefetchInfiniteQuery(trpc.ai.documents.list.infiniteQueryOptions(DOCUMENTS_PAGE, { getNextPageParam: nextCursor })),
  ]);
}

/** The viewer: the document with its extracted text. */
export async function prefetchDocument(tenantId: string, id: string): Promise<void> {
  if (!isUuid(id)) return;
  await getQueryClient().prefetchQuery(serverTrpc(tenantId).ai.documents.text.queryOptions({ id }));
}

/** The chat: the status, the member's conversations and the one continued. */
export async function prefetchChat(tenantId: string, conversationId: string | null): Promise<void> {
  const trpc = serverTrpc(tenantId);
  const queryClient = getQueryClient();
  await Promise.all([
    queryClient.prefetchQuery(trpc.ai.status.queryOptions()),
    queryClient.prefetchInfiniteQuery(trpc.ai.conversations.list.infiniteQueryOptions(CONVERSATIONS_PAGE, { getNextPageParam: nextCursor })),
    conversationId && isUuid(conversationId) ? queryClient.prefetchQuery(trpc.ai.conversations.get.queryOptions({ id: conversationId })) : null,
  ]);
}
