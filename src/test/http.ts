import NextAuth from "next-auth";
import { encode } from "next-auth/jwt";
import { GET, POST } from "../app/api/trpc/[trpc]/route";
import { authOptions } from "../server/modules/accounts/auth";
import { sessionCookieName } from "../server/modules/accounts/session";
import { authSecret } from "../server/platform/env";
import { testSessionId, type TestSessionOwner } from "./fixtures";

/**
 * A session cookie exactly as next-auth would set it after sign-in: for the user's test
 * session (see testSessionId) unless `sessionId` names another. `sessionEndsAt` is the
 * absolute end the token claims (30 days ahead by default; the database row decides).
 */
export async function sessionCookie(user: TestSessionOwner, options: { sessionEndsAt?: Date } = {}): Promise<string> {
  const sessionEnd = options.sessionEndsAt ?? new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  const claims = { sub: user.id, sv: user.sessionVersion, sid: testSessionId(user), sxp: Math.floor(sessionEnd.getTime() / 1000) };
  const token = await encode({ token: claims, secret: authSecret() });
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

type NextAuthCall = { action: string; provider?: string; method?: "GET" | "POST"; body?: Record<string, string>; cookies?: Record<string, string>; headers?: Record<string, string> };
type NextAuthAnswer = { status: number; location?: string; body: unknown; cookies: Record<string, { value: string; expires?: Date }> };

/**
 * Runs one request through next-auth with the app's real options (authOptions: credentials,
 * callbacks, events), as /api/auth/[...nextauth] does; returns the cookies it set.
 */
async function callNextAuth(call: NextAuthCall): Promise<NextAuthAnswer> {
  const answer: NextAuthAnswer = { status: 200, body: undefined, cookies: {} };
  const headers = new Map<string, string | string[]>();
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => headers.get(name),
    setHeader(name: string, value: string | string[]) {
      headers.set(name, value);
      return res;
    },
    end() {},
    json(body: unknown) {
      answer.body = body;
    },
    send(body: unknown) {
      answer.body = body;
    },
  };
  const req = {
    method: call.method ?? "GET",
    query: { nextauth: call.provider ? [call.action, call.provider] : [call.action] },
    body: call.body ?? {},
    cookies: call.cookies ?? {},
    headers: { host: "localhost:3000", "user-agent": "vitest-browser", ...call.headers },
  };
  // next-auth's pages-API entry takes Node-style req/res objects; these carry what it reads and writes.
  await NextAuth(authOptions())(req as never, res as never);
  const location = headers.get("Location");
  if (typeof location === "string") answer.location = location;
  for (const line of [headers.get("Set-Cookie") ?? []].flat()) {
    const [pair, ...attributes] = line.split(";");
    const index = pair!.indexOf("=");
    const expires = attributes.find((attribute) => attribute.trim().toLowerCase().startsWith("expires="));
    answer.cookies[pair!.slice(0, index)] = {
      value: decodeURIComponent(pair!.slice(index + 1)),
      expires: expires ? new Date(expires.split("=")[1]!) : undefined,
    };
  }
  return answer;
}

/** A CSRF token and its cookie, as the sign-in and sign-out forms fetch them first. */
async function csrf(): Promise<{ csrfToken: string; cookies: Record<string, string> }> {
  const answer = await callNextAuth({ action: "csrf" });
  const cookies = Object.fromEntries(Object.entries(answer.cookies).map(([name, cookie]) => [name, cookie.value]));
  return { csrfToken: (answer.body as { csrfToken: string }).csrfToken, cookies };
}

/** Signs in through next-auth with email and password; the session cookie (`name=value`) it set, or null. */
export async function signInThroughNextAuth(email: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
  const { csrfToken, cookies } = await csrf();
  const answer = await callNextAuth({ action: "callback", provider: "credentials", method: "POST", body: { csrfToken, email, password, json: "true" }, cookies, headers });
  const session = answer.cookies[sessionCookieName()];
  return session?.value ? `${sessionCookieName()}=${session.value}` : null;
}

/** Signs out through next-auth, as the user menu does. */
export async function signOutThroughNextAuth(cookie: string): Promise<void> {
  const { csrfToken, cookies } = await csrf();
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await callNextAuth({ action: "signout", method: "POST", body: { csrfToken, json: "true" }, cookies: { ...cookies, [name]: value } });
}

/** GET /api/auth/session with this cookie, as the client does on focus: the session cookie it re-issues (null: cleared). */
export async function refreshThroughNextAuth(cookie: string): Promise<{ value: string; expires?: Date } | null> {
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  const answer = await callNextAuth({ action: "session", cookies: { [name]: value } });
  const reissued = answer.cookies[sessionCookieName()];
  return reissued?.value ? reissued : null;
}
