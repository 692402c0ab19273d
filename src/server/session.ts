import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionUserFromHeaders } from "./modules/accounts/current";
import type { SessionUser } from "./modules/accounts/service";
import { returnPathFrom } from "./return-path";

/** The signed-in user for server components (once per request), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => sessionUserFromHeaders(await headers()));

/**
 * For pages that need a user: sends everyone else to sign in and back here afterwards, to
 * the exact address asked for (path and query, recorded by src/proxy.ts), or to `fallback`
 * when the request did not pass the proxy.
 */
export async function requireSessionUser(fallback: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnPathFrom(await headers(), fallback))}`);
  return user;
}
