import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { buildChatFixture, chatIsolationCases } from "./chat/isolation-cases";
import { uploadDocument } from "./documents/service";

/**
 * AI (test support for the isolation table): two uploaded documents (one to delete), which
 * stay "processing" (no worker runs here), and the owner's conversations (./chat).
 */
export const aiIsolation = defineIsolation({
  module: "ai",
  async buildFixture(scope) {
    const { tenantId, owner, name } = scope;
    const documents = await withTenant({ tenantId, userId: owner.id, role: "owner" }, async (tx) => {
      const actor = { userId: owner.id, role: "owner" as const };
      const file = (title: string) => ({ fileName: `${title}.md`, contentType: "text/markdown", bytes: new TextEncoder().encode(`# ${title}\n\nRefunds are paid within 30 days.\n`) });
      const document = await uploadDocument(tx, actor, file(`${name} handbook`));
      const deletable = await uploadDocument(tx, actor, file(`${name} old notes`));
      return { documentId: document.id, deletableDocumentId: deletable.id };
    });
    return { ...documents, chat: await buildChatFixture(scope) };
  },
  cases: {
    ...chatIsolationCases,
    "ai.status": { minimumRole: "viewer", call: (api) => api.ai.status() },
    "ai.search": { minimumRole: "viewer", call: (api) => api.ai.search({ query: "refunds" }) },
    "ai.documents.list": { minimumRole: "viewer", call: (api) => api.ai.documents.list({}) },
    "ai.documents.get": { minimumRole: "viewer", call: (api, ids) => api.ai.documents.get({ id: ids.documentId }) },
    "ai.documents.text": { minimumRole: "viewer", call: (api, ids) => api.ai.documents.text({ id: ids.documentId }) },
    // The owner uploaded them: a member who did not is refused (FORBIDDEN), an admin may.
    "ai.documents.reindex": { minimumRole: "admin", call: (api, ids) => api.ai.documents.reindex({ id: ids.documentId }) },
    "ai.documents.delete": { minimumRole: "admin", fresh: true, call: (api, ids) => api.ai.documents.delete({ id: ids.deletableDocumentId }) },
  },
});
