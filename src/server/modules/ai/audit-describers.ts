import { factText, type AuditDescriber } from "../audit/describe";

// Client-safe (read by the home page and the audit log): how the AI module's audit entries read.

const VERBS: Record<string, string> = { uploaded: "uploaded", deleted: "deleted", reindexed: "re-indexed" };

export const aiAuditDescribers: AuditDescriber[] = [
  {
    entityType: "ai.document",
    describe: (entry) => ({
      verb: VERBS[entry.verbCode] ?? entry.verbCode.replace(/_/g, " "),
      noun: "AI document",
      name: factText(entry.facts, "title"),
      href: entry.verbCode === "deleted" || !entry.entityId ? null : `/ai/documents/${entry.entityId}`,
    }),
  },
];
