import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionUserFromHeaders } from "./modules/accounts/current";
import type { SessionUser } from "./modules/accounts/service";

/** The signed-in user for server components (once per request), or null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => sessionUserFromHeaders(await headers()));

/** For pages that need a user: sends everyone else to sign in and back here afterwards. */
export async function requireSessionUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
