import { runtimeDb } from "../../db/client";
import { getUserById, type SessionUser } from "./service";
import { readSession, type SessionClaims } from "./session";

/** The user behind session claims, or null when the account is gone or the session was ended (version bumped). */
export async function userForSession(claims: SessionClaims): Promise<SessionUser | null> {
  const user = await getUserById(runtimeDb(), claims.userId);
  return user && user.sessionVersion === claims.sessionVersion ? user : null;
}

/** The signed-in user of a request, or null if there is none or the session has been ended. */
export async function sessionUserFromHeaders(headers: Headers): Promise<SessionUser | null> {
  const claims = await readSession(headers);
  return claims ? userForSession(claims) : null;
}
