import type { NextAuthOptions } from "next-auth";
import { encode, type JWTEncodeParams } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { runtimeDb } from "../../db/client";
import { authSecret, env } from "../../platform/env";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../../platform/errors";
import { logger } from "../../platform/logger";
import { clientIp, headerValue, type HeaderSource } from "../../platform/rate-limit";
import { verifyCredentials } from "./service";
import { withPasswordAttemptLimits } from "./sign-in-limits";
import { sessionCookieName, sessionCookieSecure } from "./session";
import { endSession, openSession } from "./sessions";
import { signInInput } from "./validation";

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number; sessionId: string; sessionExpiresAt: Date };

/**
 * One sign-in attempt: the user for these credentials, or null (wrong email or password).
 * Throws "Too many attempts. Try again in N seconds.", which the sign-in form shows.
 */
export async function authorizeCredentials(credentials: unknown, headers: HeaderSource): Promise<SignedInUser | null> {
  const parsed = signInInput.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  try {
    const user = await withPasswordAttemptLimits({ ip: clientIp(headers), email }, () => verifyCredentials(runtimeDb(), email, password));
    if (!user) {
      logger.info({ event: "sign_in_failed" }, "sign-in failed: wrong email or password");
      return null;
    }
    const session = await openSession(runtimeDb(), { userId: user.id, userAgent: headerValue(headers, "user-agent"), ip: clientIp(headers) });
    logger.info({ event: "sign_in", userId: user.id }, "signed in");
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, sessionId: session.id, sessionExpiresAt: session.expiresAt };
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new Error(DATABASE_UNAVAILABLE_MESSAGE);
    throw error;
  }
}

/** next-auth v4: credentials + JWT sessions in an httpOnly, sameSite=lax cookie. */
export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: env().JWT_ACCESS_EXPIRY_DAYS * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: sessionCookieSecure() },
      },
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req.headers ?? {}),
      }),
    ],
    jwt: { encode: encodeWithinSessionLifetime },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          // `user` is what authorizeCredentials returned.
          const signedIn = user as unknown as SignedInUser;
          token.sub = signedIn.id;
          token.sv = signedIn.sessionVersion;
          token.sid = signedIn.sessionId;
          token.sxp = Math.floor(signedIn.sessionExpiresAt.getTime() / 1000);
          return token;
        }
        // Re-issuing (/api/auth/session): never past the session's absolute end. Throwing
        // makes next-auth clear the cookie.
        if (typeof token.sxp !== "number" || token.sxp * 1000 <= Date.now()) throw new Error("This session has reached its maximum lifetime.");
        return token;
      },
    },
    events: {
      // The cookie is cleared by next-auth; ending the row makes a copy of it worthless too.
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(runtimeDb(), token.sid);
      },
    },
  };
}

/**
 * next-auth's encoder, with the JWT's expiry capped at the session's absolute end (`sxp`):
 * re-issuing the cookie on every visit cannot make a session outlive it.
 */
async function encodeWithinSessionLifetime(params: JWTEncodeParams): Promise<string> {
  const sessionEnd = params.token?.sxp;
  if (typeof sessionEnd !== "number") return encode(params);
  const remainingSeconds = Math.max(0, sessionEnd - Math.floor(Date.now() / 1000));
  const maxAge = Math.min(params.maxAge ?? remainingSeconds, remainingSeconds);
  return encode({ ...params, maxAge });
}
