import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { runtimeDb } from "../../db/client";
import { parseInput } from "../../platform/validate";
import { DEFAULT_PREFERENCES, NOTIFICATION_KINDS, preferencesInput, type NotificationPreferences } from "./validation";
import { notificationPreferences } from "./schema";

/*
 * A person's notification preferences: the same in every organization they belong to
 * (the account page has no tenant). notification_preferences is a global table, read and
 * written here only, always for one user id: the signed-in user's on the account page,
 * the recipient's in the notifications jobs.
 */

type Reader = Pick<ReturnType<typeof runtimeDb>, "select">;

export async function getPreferences(userId: string, db: Reader = runtimeDb()): Promise<NotificationPreferences> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const preferences = structuredClone(DEFAULT_PREFERENCES);
  for (const row of rows) preferences[row.kind] = { inApp: row.inApp, email: row.email };
  return preferences;
}

/** Stores the kinds given (the others keep their values); answers every kind's preference. */
export async function setPreferences(userId: string, rawInput: z.input<typeof preferencesInput>): Promise<NotificationPreferences> {
  const input = parseInput(preferencesInput, rawInput);
  const rows = NOTIFICATION_KINDS.flatMap((kind) => (input[kind] ? [{ userId, kind, ...input[kind] }] : []));
  if (rows.length) {
    await runtimeDb()
      .insert(notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { inApp: sql`excluded.in_app`, email: sql`excluded.email`, updatedAt: sql`now()` },
      });
  }
  return getPreferences(userId);
}
