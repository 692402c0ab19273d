import { eq, getTableColumns } from "drizzle-orm";
import { runtimeDb } from "../../db/client";
import { users } from "./schema";
import { toSessionUser, type SessionUser } from "./service";
import { readSession, type SessionClaims } from "./session";
import { sessionStateSql, touchSession } from "./sessions";

/**
 * The user behind session claims, or null when the account is gone or the session has
 * ended: signed out, revoked, past its absolute lifetime, or issued under an older session
 * version (password change or reset). One statement; "last seen" is written now and then.
 */
export async function userForSession(claims: SessionClaims): Promise<SessionUser | null> {
  const [row] = await runtimeDb()
    .select({ ...getTableColumns(users), sessionState: sessionStateSql(claims.sessionId, claims.userId) })
    .from(users)
    .where(eq(users.id, claims.userId))
    .limit(1);
  if (!row || row.sessionVersion !== claims.sessionVersion || row.sessionState === "ended") return null;
  if (row.sessionState === "active-stale") await touchSession(runtimeDb(), claims.sessionId);
  return toSessionUser(row);
}

/** The signed-in user of a request, or null if there is none or the session has been ended. */
export async function sessionUserFromHeaders(headers: Headers): Promise<SessionUser | null> {
  const claims = await readSession(headers);
  return claims ? userForSession(claims) : null;
}
