import { BadRequest, PayloadTooLarge } from "../platform/errors";

/** How much of a body a route takes, and what it says (under which form field) when there is more. */
export type BodyLimit = { maxBytes: number; tooLarge: string; field: string };

export const BODY_TRUNCATED = "The upload did not arrive complete. Try again.";
export const FORM_UNREADABLE = "The upload could not be read. Try again.";

function declaredLength(request: Request): number | null {
  const declared = request.headers.get("content-length");
  if (declared === null || !/^\d+$/.test(declared.trim())) return null;
  return Number(declared);
}

/**
 * Reads the body into memory, refusing it (413) unread when its declared length is over
 * the limit and as soon as more than the limit arrives whatever it declared. A body that
 * ends before its declared Content-Length (a dropped connection, or a proxy that kept only
 * part of it) is refused with 400 rather than taken for a smaller file.
 */
export async function readLimitedBody(request: Request, limit: BodyLimit): Promise<Uint8Array<ArrayBuffer>> {
  const declared = declaredLength(request);
  if (declared !== null && declared > limit.maxBytes) throw new PayloadTooLarge(limit.field, limit.tooLarge);
  if (!request.body) {
    if (declared) throw new BadRequest(BODY_TRUNCATED);
    return new Uint8Array();
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new BadRequest(BODY_TRUNCATED); // the client went away mid-upload
    }
    if (next.done) break;
    total += next.value.byteLength;
    if (total > limit.maxBytes) {
      await reader.cancel();
      throw new PayloadTooLarge(limit.field, limit.tooLarge);
    }
    chunks.push(next.value);
  }
  if (declared !== null && total < declared) throw new BadRequest(BODY_TRUNCATED);
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A multipart/form-data body within `limit`, parsed; 400 when it cannot be parsed. */
export async function readFormBody(request: Request, limit: BodyLimit): Promise<FormData> {
  const body = await readLimitedBody(request, limit);
  try {
    return await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new BadRequest(FORM_UNREADABLE);
  }
}

export function isMultipart(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
