import { Readable } from "node:stream";
import { isMultipart, readFormBody } from "@/server/api/body";
import { errorResponse } from "@/server/api/errors";
import { requestIdFrom } from "@/server/api/request-id";
import { runtimeDb } from "@/server/db/client";
import { sessionUserFromHeaders } from "@/server/modules/accounts/current";
import { getAvatar, setAvatar } from "@/server/modules/accounts/profile";
import { NotFound, UnsupportedMediaType, Unauthorized, ValidationFailed } from "@/server/platform/errors";
import { openFile, type StoredObject } from "@/server/storage";

import { instrumentRoute } from "@/server/platform/metrics";

export const dynamic = "force-dynamic";

/**
 * /api/account/avatar: the signed-in user's own picture (an <img> cannot call tRPC, and an
 * upload is multipart). POST (multipart/form-data, field `avatar`) replaces it; GET reads it.
 * Removing it is `accounts.removeAvatar`. The proxy refuses cross-site POSTs.
 */

const TOO_LARGE = "The upload is too large: the picture may be at most 256 KB.";
/** Room for a 256 KB image plus the multipart envelope; anything larger is refused unread. */
const AVATAR_LIMIT = { maxBytes: 300 * 1024, tooLarge: TOO_LARGE, field: "avatar" };

async function signedInUser(request: Request) {
  const user = await sessionUserFromHeaders(request.headers);
  if (!user) throw new Unauthorized("Sign in to change your picture.");
  return user;
}

export const POST = instrumentRoute("/api/account/avatar", async (request: Request): Promise<Response> => {
  const requestId = requestIdFrom(request.headers);
  try {
    const user = await signedInUser(request);
    if (!isMultipart(request)) throw new UnsupportedMediaType("Send the picture as multipart/form-data with an `avatar` file field.");
    const form = await readFormBody(request, AVATAR_LIMIT);
    const file = form.get("avatar");
    if (!(file instanceof File) || file.size === 0) {
      const message = file instanceof File ? "The file is empty." : "Choose an image to upload.";
      throw new ValidationFailed({ avatar: [message] }, message);
    }
    const result = await setAvatar(runtimeDb(), user.id, Buffer.from(await file.arrayBuffer()));
    return Response.json({ ok: true, ...result }, { headers: { "cache-control": "no-store", "x-request-id": requestId } });
  } catch (error) {
    return errorResponse(error, { requestId, where: "/api/account/avatar" });
  }
});

export const GET = instrumentRoute("/api/account/avatar", async (request: Request): Promise<Response> => {
  const requestId = requestIdFrom(request.headers);
  try {
    const user = await signedInUser(request);
    const avatar = await getAvatar(runtimeDb(), user.id);
    if (!avatar) throw new NotFound("You have no picture.");
    return avatarResponse(avatar, await openFile(avatar, avatar.contentType));
  } catch (error) {
    return errorResponse(error, { requestId, where: "/api/account/avatar" });
  }
});

/** The image, cacheable privately: its URL carries the version (`?v=`), so a change is a new URL. */
function avatarResponse(avatar: { updatedAt: Date }, file: StoredObject): Response {
  return new Response(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "cache-control": "private, max-age=86400",
      "last-modified": avatar.updatedAt.toUTCString(),
      "x-content-type-options": "nosniff",
    },
  });
}
