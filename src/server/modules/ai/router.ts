import { z } from "zod";
import { createTRPCRouter, gatedRoleProcedure, roleProcedure } from "../../api/trpc";
import { plainText } from "../../platform/validate";
import { requireFeature } from "../orgs/limits";
import { deleteDocument, documentText, getDocument, listDocuments, reindexDocument } from "./documents/service";
import { aiVectorIndexes } from "./corpus";
import { AI } from "./permissions";
import { retrieve, RETRIEVAL_MODES } from "./retrieval";
import { conversationsRouter } from "./chat/router";
import { aiStatus } from "./status";

/*
 * The AI module's procedures. The document library is readable by every role; uploading is
 * the route POST /api/ai/documents (multipart). Searching loads a model and may rebuild the
 * tenant's vector index, so it runs outside any transaction (gatedRoleProcedure) and enters
 * the tenant for its reads. Search needs the plan's `ai_chat` feature, like the chat.
 */

const idInput = z.object({ id: z.uuid() });
const listInput = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.object({ createdAt: z.coerce.date(), id: z.uuid() }).nullish(),
});
const searchInput = z.object({
  query: plainText().trim().min(1, "Type what to look for.").max(2_000, "The question is too long (2,000 characters at most)."),
  mode: z.enum(RETRIEVAL_MODES).default("hybrid"),
  k: z.number().int().min(1).max(50).default(10),
});

const documentsRouter = createTRPCRouter({
  list: roleProcedure(AI.use).input(listInput).query(({ ctx, input }) => listDocuments(ctx.db, input)),
  get: roleProcedure(AI.use).input(idInput).query(({ ctx, input }) => getDocument(ctx.db, input.id)),
  /** The extracted text a passage citation points into (null until processed). */
  text: roleProcedure(AI.use).input(idInput).query(({ ctx, input }) => documentText(ctx.db, input.id)),
  reindex: roleProcedure(AI.upload).input(idInput).mutation(({ ctx, input }) => reindexDocument(ctx.db, ctx.actor, input.id)),
  delete: gatedRoleProcedure(AI.upload)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      const change = await ctx.withTenant((tx) => deleteDocument(tx, ctx.actor, input.id));
      if (change.fromVersion !== change.toVersion) {
        aiVectorIndexes().applyChange(ctx.tenant.id, { fromVersion: change.fromVersion, toVersion: change.toVersion, remove: change.removedKeys });
      }
      return { deleted: true as const };
    }),
});

export const aiRouter = createTRPCRouter({
  status: gatedRoleProcedure(AI.use).query(({ ctx }) => aiStatus(ctx.withTenant)),
  documents: documentsRouter,
  conversations: conversationsRouter,
  search: gatedRoleProcedure(AI.use)
    .input(searchInput)
    .query(async ({ ctx, input }) => {
      await ctx.withTenant((tx) => requireFeature(tx, "ai_chat"));
      return retrieve(ctx.tenant.id, ctx.withTenant, input.query, { mode: input.mode, k: input.k });
    }),
});
