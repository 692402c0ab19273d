import type { Metadata } from "next";
import { ChatWorkspace } from "@/components/ai/chat-workspace";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchChat } from "../../prefetch";

export const metadata: Metadata = { title: "Chat" };

/** /t/[slug]/ai/chat/[conversationId]: one of the member's conversations, continued (private to them: another member's id is not found). */
export default async function AiConversationPage({ params }: { params: Promise<{ slug: string; conversationId: string }> }) {
  const { slug, conversationId } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchChat(org.id, conversationId);
  return (
    <HydrateClient>
      <ChatWorkspace slug={org.slug} role={org.role} conversationId={conversationId} />
    </HydrateClient>
  );
}
