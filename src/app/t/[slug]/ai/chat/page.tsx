import type { Metadata } from "next";
import { ChatWorkspace } from "@/components/ai/chat-workspace";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchChat } from "../prefetch";

export const metadata: Metadata = { title: "Chat" };

/** /t/[slug]/ai/chat: a new conversation, with the member's conversations on the side. */
export default async function AiChatPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchChat(org.id, null);
  return (
    <HydrateClient>
      <ChatWorkspace slug={org.slug} role={org.role} conversationId={null} />
    </HydrateClient>
  );
}
