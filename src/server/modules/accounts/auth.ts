import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { runtimeDb } from "../../db/client";
import { authSecret, env } from "../../platform/env";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../../platform/errors";
import { logger } from "../../platform/logger";
import { clientIp, type HeaderSource } from "../../platform/rate-limit";
import { verifyCredentials } from "./service";
import { withPasswordAttemptLimits } from "./sign-in-limits";
import { sessionCookieName, sessionCookieSecure } from "./session";
import { signInInput } from "./validation";

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number };

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
    logger.info({ event: "sign_in", userId: user.id }, "signed in");
    return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
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
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
        }
        return token;
      },
    },
  };
}
