/** The request's id for logs and the x-request-id response header: the caller's (bounded), or a new one. */
export function requestIdFrom(headers: Headers): string {
  return headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
}
