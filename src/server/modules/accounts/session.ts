import { decode } from "next-auth/jwt";
import { authSecret, env } from "../../platform/env";

/** What the JWT carries: who, and the session version it was issued under. Never authority. */
export type SessionClaims = { userId: string; sessionVersion: number; lastTenantId?: string };

function usesSecureCookies(): boolean {
  const url = env().NEXTAUTH_URL ?? env().FRONTEND_URL;
  return Boolean(url?.startsWith("https://"));
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-neuroops.session" : "neuroops.session";
}

export function sessionCookieSecure(): boolean {
  return usesSecureCookies();
}

function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}

/** Decodes the next-auth session cookie of a request; null when absent, expired or forged. */
export async function readSession(headers: Headers): Promise<SessionClaims | null> {
  const token = readCookie(headers.get("cookie"), sessionCookieName());
  if (!token) return null;
  try {
    const claims = await decode({ token, secret: authSecret() });
    if (!claims?.sub || typeof claims.sv !== "number") return null;
    return { userId: claims.sub, sessionVersion: claims.sv };
  } catch {
    return null;
  }
}
