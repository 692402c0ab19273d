import { encode } from "next-auth/jwt";
import { GET, POST } from "../app/api/trpc/[trpc]/route";
import type { SessionUser } from "../server/modules/accounts/service";
import { sessionCookieName } from "../server/modules/accounts/session";
import { authSecret } from "../server/platform/env";

/** A session cookie exactly as next-auth would set it after sign-in. */
export async function sessionCookie(user: Pick<SessionUser, "id" | "sessionVersion">): Promise<string> {
  const token = await encode({ token: { sub: user.id, sv: user.sessionVersion }, secret: authSecret() });
  return `${sessionCookieName()}=${token}`;
}

/** Calls the real /api/trpc route handler, as the browser's tRPC client would. */
export async function trpcHttp(
  path: string,
  options: { input?: unknown; method?: "GET" | "POST"; cookie?: string; tenantId?: string } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const method = options.method ?? "GET";
  const headers = new Headers({ "content-type": "application/json" });
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.tenantId) headers.set("x-tenant-id", options.tenantId);
  const payload = JSON.stringify({ json: options.input ?? null });
  const url = new URL(`http://localhost/api/trpc/${path}`);
  if (method === "GET") url.searchParams.set("input", payload);
  const request = new Request(url, { method, headers, body: method === "POST" ? payload : undefined });
  const response = await (method === "GET" ? GET : POST)(request);
  return { status: response.status, headers: response.headers, body: await response.json() };
}
