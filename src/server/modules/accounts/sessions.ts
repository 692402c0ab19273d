import { and, desc, eq, gt, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { uuidLiteral } from "../../db/literal";
import { env } from "../../platform/env";
import { NotFound } from "../../platform/errors";
import { userSessions } from "./schema";

/**
 * Server-side sessions: every sign-in opens a row, its id travels in the JWT (`sid`), and
 * every authenticated request checks it (with the membership on tenant requests, see
 * `sessionStateSql`). Signing out, "sign out everywhere else" and password changes revoke
 * rows; `expires_at` caps a session's life however often next-auth re-issues its cookie.
 */

/** "Last seen" is written at most this often per session (a small write on a later request). */
export const SESSION_SEEN_EVERY_MINUTES = 5;
const USER_AGENT_MAX_LENGTH = 256;
const IP_MAX_LENGTH = 64;

/**
 * Where a session stands, as one request sees it: `ended` (revoked, expired, unknown, or
 * another user's), `active`, or `active-stale` (active, last seen long enough ago to touch).
 */
export type SessionState = "ended" | "active" | "active-stale";

export type OpenedSession = { id: string; expiresAt: Date };

/** Opens a session for a user who just proved who they are; it ends at the absolute cap at the latest. */
export async function openSession(db: DbOrTx, opened: { userId: string; userAgent?: string | null; ip?: string | null }): Promise<OpenedSession> {
  const [row] = await db
    .insert(userSessions)
    .values({
      userId: opened.userId,
      userAgent: (opened.userAgent ?? "").slice(0, USER_AGENT_MAX_LENGTH),
      ip: (opened.ip ?? "").slice(0, IP_MAX_LENGTH),
      expiresAt: sql`now() + make_interval(days => ${env().SESSION_MAX_AGE_DAYS})`,
    })
    .returning({ id: userSessions.id, expiresAt: userSessions.expiresAt });
  return row!;
}

/**
 * The state of session `sessionId` of user `userId`, as an SQL expression (text), for a
 * statement that checks something else in the same round trip: the tenant membership
 * lookup selects it beside the member's row. The rules live here, with the table. The ids
 * are literals, not parameters (db/literal.ts: UUIDs only), so the membership statement has
 * no parameters and is pipelined behind the tenant settings.
 */
export function sessionStateSql(sessionId: string, userId: string): SQL<SessionState> {
  return sql<SessionState>`coalesce((
      select case when s.last_seen_at > now() - make_interval(mins => ${sql.raw(String(SESSION_SEEN_EVERY_MINUTES))}) then 'active' else 'active-stale' end
        from ${userSessions} s
       where s.id = ${uuidLiteral(sessionId)} and s.user_id = ${uuidLiteral(userId)} and s.revoked_at is null and s.expires_at > now()
    ), 'ended')`;
}

/**
 * Records that the session was used now. Skips a row another request is touching (no
 * waiting behind a long transaction for a "last seen" time).
 */
export async function touchSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.execute(sql`
    update ${userSessions} set last_seen_at = now()
     where id = (select id from ${userSessions} where id = ${sessionId}::uuid for update skip locked)`);
}

/** Rows that still admit requests: not revoked, not past their absolute end. */
const isActive = () => and(isNull(userSessions.revokedAt), gt(userSessions.expiresAt, sql`now()`));

/** Revokes the active sessions matching `condition`; returns how many. */
async function revokeActive(db: DbOrTx, condition: SQL | undefined): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(condition, isActive()))
    .returning({ id: userSessions.id });
  return ended.length;
}

/** Ends one session (sign-out); ending an ended one changes nothing. */
export async function endSession(db: DbOrTx, sessionId: string): Promise<void> {
  await revokeActive(db, eq(userSessions.id, sessionId));
}

/** Ends every session of the user (password change and reset); returns how many were active. */
export function endAllSessions(db: DbOrTx, userId: string): Promise<number> {
  return revokeActive(db, eq(userSessions.userId, userId));
}

/** Ends one of the user's own active sessions; NotFound for anyone else's, or one already ended. */
export async function endOwnSession(db: DbOrTx, userId: string, sessionId: string): Promise<void> {
  const ended = await revokeActive(db, and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId)));
  if (ended === 0) throw new NotFound("This session was not found or has already ended.");
}

/** "Sign out everywhere else": ends the user's active sessions except `currentSessionId`; returns how many. */
export function endOtherSessions(db: DbOrTx, userId: string, currentSessionId: string): Promise<number> {
  return revokeActive(db, and(eq(userSessions.userId, userId), ne(userSessions.id, currentSessionId)));
}

export type ActiveSession = {
  id: string;
  userAgent: string;
  ip: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The session the request that asks belongs to ("this device"). */
  current: boolean;
};

/** The user's active sessions, most recently seen first. */
export async function listActiveSessions(db: DbOrTx, userId: string, currentSessionId: string): Promise<ActiveSession[]> {
  const rows = await db
    .select({
      id: userSessions.id,
      userAgent: userSessions.userAgent,
      ip: userSessions.ip,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      expiresAt: userSessions.expiresAt,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isActive()))
    .orderBy(desc(userSessions.lastSeenAt), desc(userSessions.createdAt));
  return rows.map((row) => ({ ...row, current: row.id === currentSessionId }));
}
