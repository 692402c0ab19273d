import { runtimeDb } from "../../db/client";
import { getUserById, type SessionUser } from "./service";
import { readSession } from "./session";

/** The signed-in user of a request, or null if there is none or the session has been ended. */
export async function sessionUserFromHeaders(headers: Headers): Promise<SessionUser | null> {
  const claims = await readSession(headers);
  if (!claims) return null;
  const user = await getUserById(runtimeDb(), claims.userId);
  return user && user.sessionVersion === claims.sessionVersion ? user : null;
}
