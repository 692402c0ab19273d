import { z } from "zod";
import { tenantRoute } from "@/server/api/tenant-route";
import { ndjsonAnswer } from "@/server/modules/ai/chat/ndjson";
import { startAnswer } from "@/server/modules/ai/chat/service";
import { AI } from "@/server/modules/ai/permissions";
import { BadRequest } from "@/server/platform/errors";
import { multilineText, parseInput } from "@/server/platform/validate";

export const dynamic = "force-dynamic";

/**
 * POST /api/ai/chat (header x-tenant-id): JSON `{ conversationId?, message }`, one question
 * to the assistant. Refusals (plan, monthly limit, unknown conversation, bad body) are JSON
 * errors with their status; once admitted, the answer streams as NDJSON lines
 * (ChatStreamEvent, src/server/modules/ai/chat/protocol.ts).
 */

const MESSAGE_MAX = 4_000;
const LIMIT = { maxBytes: 64 * 1024, tooLarge: "The question is too long (4,000 characters at most).", field: "message" };

const chatRequest = z.object({
  conversationId: z.uuid("This conversation does not exist.").nullish(),
  message: multilineText()
    .trim()
    .min(1, "Type a question.")
    .max(MESSAGE_MAX, `The question is too long (${MESSAGE_MAX.toLocaleString("en-US")} characters at most).`),
});

function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BadRequest('Send the question as JSON: { "message": "…", "conversationId": "…" (optional) }.');
  }
}

export const POST = tenantRoute({ minimumRole: AI.use }, async (request, ctx) => {
  const input = parseInput(chatRequest, jsonOf(await ctx.readBody(LIMIT)));
  const answer = await startAnswer({ tenantId: ctx.tenant.id, organization: ctx.tenant.name, actor: ctx.actor, enter: ctx.withTenant }, input);
  return ndjsonAnswer(answer, request.signal);
});
