import { withTenant } from "../../../db/tenant";
import type { FixtureScope, TenantProcedureCase } from "../../../../test/isolation";
import { aiMessages } from "../schema";
import { createConversation } from "./conversations";

/*
 * The conversations procedures' isolation cases (test support), for the AI module's
 * isolation definition: its fixture holds `chat: await buildChatFixture(scope)` and its
 * cases include these. Conversations are private to their member, so every role but the
 * fixture's owner gets NOT_FOUND for the owner's conversation (hidesOthersRecords).
 */

export type ChatIsolationIds = { conversationId: string; deletableConversationId: string };

/** Two conversations of the tenant's owner, named after the tenant (so a leak would show). */
export async function buildChatFixture({ tenantId, owner, name }: FixtureScope): Promise<ChatIsolationIds> {
  return withTenant({ tenantId, userId: owner.id, role: "owner" }, async (tx) => {
    const conversationId = await createConversation(tx, `${name} conversation`);
    await tx.insert(aiMessages).values({ conversationId, role: "user", content: `What does ${name} sell?` });
    const deletableConversationId = await createConversation(tx, `${name} deletable conversation`);
    return { conversationId, deletableConversationId };
  });
}

type Ids = { chat: ChatIsolationIds };

export const chatIsolationCases: Record<string, TenantProcedureCase<Ids>> = {
  "ai.conversations.list": { minimumRole: "viewer", call: (api) => api.ai.conversations.list({}) },
  "ai.conversations.get": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.ai.conversations.get({ id: ids.chat.conversationId }) },
  "ai.conversations.rename": {
    minimumRole: "viewer",
    hidesOthersRecords: true,
    call: (api, ids) => api.ai.conversations.rename({ id: ids.chat.conversationId, title: "Renamed conversation" }),
  },
  "ai.conversations.delete": {
    minimumRole: "viewer",
    fresh: true,
    hidesOthersRecords: true,
    call: (api, ids) => api.ai.conversations.delete({ id: ids.chat.deletableConversationId }),
  },
};
