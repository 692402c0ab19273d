import { Readable } from "node:stream";
import { tenantRoute } from "@/server/api/tenant-route";
import { getMemberAvatar } from "@/server/modules/accounts/profile";
import { NotFound } from "@/server/platform/errors";
import { openFile } from "@/server/storage";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * /api/avatars/<user id>?tenant=<id>: a member's picture, for member lists and the home page.
 * Passes the tenant gate; found only for members of that tenant (someone outside it: 404).
 */
export const GET = tenantRoute({ route: "/api/avatars/[userId]" }, async (request, ctx) => {
  const userId = new URL(request.url).pathname.split("/").pop() ?? "";
  if (!UUID.test(userId)) throw new NotFound("There is no such picture.");
  const avatar = await ctx.withTenant((tx) => getMemberAvatar(tx, userId));
  if (!avatar) throw new NotFound("There is no such picture.");
  // Outside the transaction: an object-stored picture is fetched from S3 here.
  const file = await openFile(avatar, avatar.contentType);
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  });
});
