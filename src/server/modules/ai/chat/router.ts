import { z } from "zod";
import { createTRPCRouter, roleProcedure } from "../../../api/trpc";
import { dateTime, plainText } from "../../../platform/validate";
import { AI } from "../permissions";
import { deleteConversation, getConversation, listConversations, renameConversation, TITLE_MAX } from "./conversations";

/*
 * The member's own conversations (asking is the route POST /api/ai/chat, which streams).
 * Reading and tidying one's history needs no paid plan: only asking does.
 */

const idInput = z.object({ id: z.uuid() });
const listInput = z.object({
  limit: z.number().int().min(1).max(100).default(30),
  cursor: z.object({ updatedAt: dateTime("This page of conversations does not exist."), id: z.uuid() }).nullish(),
});
const renameInput = z.object({
  id: z.uuid(),
  title: plainText().trim().min(1, "Give the conversation a title.").max(TITLE_MAX, `A title has at most ${TITLE_MAX} characters.`),
});

export const conversationsRouter = createTRPCRouter({
  list: roleProcedure(AI.use).input(listInput).query(({ ctx, input }) => listConversations(ctx.db, input)),
  get: roleProcedure(AI.use).input(idInput).query(({ ctx, input }) => getConversation(ctx.db, input.id)),
  rename: roleProcedure(AI.use).input(renameInput).mutation(({ ctx, input }) => renameConversation(ctx.db, input.id, input.title)),
  delete: roleProcedure(AI.use)
    .input(idInput)
    .mutation(async ({ ctx, input }) => {
      await deleteConversation(ctx.db, input.id);
      return { deleted: true as const };
    }),
});
