import { decode } from "next-auth/jwt";
import { z } from "zod";
import { authSecret, env } from "../../platform/env";

/**
 * What the JWT carries: who, the session version it was issued under, and the server-side
 * session it belongs to (./sessions.ts), checked on every request. Never authority.
 */
export type SessionClaims = { userId: string; sessionVersion: number; sessionId: string; lastTenantId?: string };

const SESSION_ID = z.uuid();

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

type CachedClaims = { claims: SessionClaims; expiresAt: number };

// Decoding derives a key (HKDF) and decrypts on every request; the same cookie always
// decodes to the same claims, so recently seen tokens are kept until they expire.
// Revocation does not depend on this: the session and its version are checked against
// the database on every request.
const DECODED_CACHE_SIZE = 2_000;
const decodedTokens = new Map<string, CachedClaims>();

function remember(token: string, entry: CachedClaims) {
  if (decodedTokens.size >= DECODED_CACHE_SIZE) {
    const oldest = decodedTokens.keys().next().value;
    if (oldest !== undefined) decodedTokens.delete(oldest);
  }
  decodedTokens.set(token, entry);
}

/** Decodes the next-auth session cookie of a request; null when absent, expired or forged. */
export async function readSession(headers: Headers): Promise<SessionClaims | null> {
  const token = readCookie(headers.get("cookie"), sessionCookieName());
  if (!token) return null;
  const cached = decodedTokens.get(token);
  if (cached) {
    if (cached.expiresAt > Date.now()) return cached.claims;
    decodedTokens.delete(token);
    return null;
  }
  try {
    const decoded = await decode({ token, secret: authSecret() });
    // Tokens from before server-side sessions carry no session id: their holders sign in again.
    if (!decoded?.sub || typeof decoded.sv !== "number" || !SESSION_ID.safeParse(decoded.sid).success) return null;
    const claims = { userId: decoded.sub, sessionVersion: decoded.sv, sessionId: decoded.sid as string };
    const jwtExpiresAt = typeof decoded.exp === "number" ? decoded.exp * 1000 : Date.now() + 60_000;
    // The session's absolute end (`sxp`) bounds the cache too; the database has the last word.
    const expiresAt = typeof decoded.sxp === "number" ? Math.min(jwtExpiresAt, decoded.sxp * 1000) : jwtExpiresAt;
    if (expiresAt <= Date.now()) return null;
    remember(token, { claims, expiresAt });
    return claims;
  } catch {
    return null;
  }
}
