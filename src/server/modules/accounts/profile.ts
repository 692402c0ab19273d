import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import type { TenantTx } from "../../db/tenant";
import { NotFound, ValidationFailed } from "../../platform/errors";
import { logger } from "../../platform/logger";
import { sniffImageType } from "../../platform/images";
import { userAvatars, users } from "./schema";
import { deleteObjects, storageKeys, storeThenCommit } from "../../storage";
import { AVATAR_MAX_BYTES, profileInput, type ProfileInput } from "./validation";

/*
 * Account → Profile: name, time zone, locale and avatar. `users` is global (no tenant), so
 * there is no tenant audit log to write to; like password changes, each change is recorded
 * as a structured `account_*` log event with the user id and what changed (before → after).
 */

export type Profile = { name: string; email: string; timeZone: string; locale: string; avatarVersion: number | null };

export async function getProfile(db: DbOrTx, userId: string): Promise<Profile> {
  const [row] = await db
    .select({ name: users.name, email: users.email, timeZone: users.timeZone, locale: users.locale, avatarUpdatedAt: users.avatarUpdatedAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) throw new NotFound("This account no longer exists.");
  return { name: row.name, email: row.email, timeZone: row.timeZone, locale: row.locale, avatarVersion: row.avatarUpdatedAt?.getTime() ?? null };
}

function fieldErrors(error: { issues: { path: PropertyKey[]; message: string }[] }): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return fields;
}

/** Changes name, time zone and locale together; bad input changes nothing. */
export async function updateProfile(db: DbOrTx, userId: string, rawInput: ProfileInput): Promise<Profile> {
  const parsed = profileInput.safeParse(rawInput);
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error));
  const input = parsed.data;
  const before = await getProfile(db, userId);
  await db.update(users).set({ name: input.name, timeZone: input.timeZone, locale: input.locale, updatedAt: sql`now()` }).where(eq(users.id, userId));
  const changed = (Object.keys(input) as (keyof ProfileInput)[]).filter((key) => before[key] !== input[key]);
  if (changed.length) {
    logger.info(
      {
        event: "account_profile_updated",
        userId,
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, input[key]])),
      },
      "account profile updated",
    );
  }
  return { ...before, ...input };
}

/** PNG, JPEG or WebP up to 256 KB, recognised by content. SVG and everything else are refused. */
export async function setAvatar(db: DbOrTx, userId: string, bytes: Buffer): Promise<{ contentType: string; size: number; avatarVersion: number }> {
  if (bytes.length === 0) throw new ValidationFailed({ avatar: ["The file is empty."] }, "The file is empty.");
  if (bytes.length > AVATAR_MAX_BYTES) {
    const message = `The image is ${Math.ceil(bytes.length / 1024)} KB; the limit is 256 KB.`;
    throw new ValidationFailed({ avatar: [message] }, message);
  }
  const contentType = sniffImageType(bytes);
  if (!contentType) {
    const message = "This file is not a PNG, JPEG or WebP image.";
    throw new ValidationFailed({ avatar: [message] }, message);
  }
  // Stored first (S3 when configured), outside the transaction; the previous picture's object goes after the commit.
  const { updatedAt, previousKey, objectKey } = await storeThenCommit(storageKeys.avatar(userId, randomUUID()), bytes, { contentType, size: bytes.length }, (location) =>
    db.transaction(async (tx) => {
      const [previous] = await tx.select({ objectKey: userAvatars.objectKey }).from(userAvatars).where(eq(userAvatars.userId, userId)).for("update");
      const [row] = await tx
        .insert(userAvatars)
        .values({ userId, contentType, bytes: location.bytes, objectKey: location.objectKey })
        .onConflictDoUpdate({ target: userAvatars.userId, set: { contentType, bytes: location.bytes, objectKey: location.objectKey, updatedAt: sql`now()` } })
        .returning({ updatedAt: userAvatars.updatedAt });
      await tx.update(users).set({ avatarUpdatedAt: row!.updatedAt }).where(eq(users.id, userId));
      return { updatedAt: row!.updatedAt, previousKey: previous?.objectKey ?? null, objectKey: location.objectKey };
    }),
  );
  if (previousKey && previousKey !== objectKey) await deleteObjects([previousKey]);
  logger.info({ event: "account_avatar_changed", userId, contentType, bytes: bytes.length }, "account avatar changed");
  return { contentType, size: bytes.length, avatarVersion: updatedAt.getTime() };
}

/** Back to initials. False when there was no avatar. */
export async function removeAvatar(db: DbOrTx, userId: string): Promise<boolean> {
  const removedRows = await db.transaction(async (tx) => {
    const rows = await tx.delete(userAvatars).where(eq(userAvatars.userId, userId)).returning({ objectKey: userAvatars.objectKey });
    await tx.update(users).set({ avatarUpdatedAt: null }).where(eq(users.id, userId));
    return rows;
  });
  // The object after the commit: a rollback must not leave the row pointing at nothing.
  await deleteObjects(removedRows.map((row) => row.objectKey));
  const removed = removedRows.length > 0;
  if (removed) logger.info({ event: "account_avatar_removed", userId }, "account avatar removed");
  return removed;
}

export async function getAvatar(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(userAvatars).where(eq(userAvatars.userId, userId));
  return row ?? null;
}

/** Closes a hint for good (e.g. the home page's getting-started checklist of one organization). */
export async function dismissHint(db: DbOrTx, userId: string, key: string): Promise<void> {
  await db
    .update(users)
    .set({ dismissedHints: sql`array_append(array_remove(${users.dismissedHints}, ${key}), ${key})` })
    .where(eq(users.id, userId));
}

export async function hasDismissedHint(db: DbOrTx, userId: string, key: string): Promise<boolean> {
  const [row] = await db.select({ dismissed: sql<boolean>`${key} = any(${users.dismissedHints})` }).from(users).where(eq(users.id, userId));
  return Boolean(row?.dismissed);
}

/**
 * A member's avatar for the current tenant's pages: found only when that user is a member
 * of the tenant (member_directory is under the memberships tenant policy), so an avatar
 * cannot be fetched for someone the caller shares no organization with.
 */
export async function getMemberAvatar(tx: TenantTx, userId: string) {
  const [row] = await tx.execute<{ content_type: string; bytes: Buffer | null; object_key: string | null; updated_at: string }>(sql`
    select a.content_type, a.bytes, a.object_key, a.updated_at from user_avatars a
      join member_directory m on m.user_id = a.user_id
     where a.user_id = ${userId}`);
  return row ? { contentType: row.content_type, bytes: row.bytes, objectKey: row.object_key, updatedAt: new Date(row.updated_at) } : null;
}
