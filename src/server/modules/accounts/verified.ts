import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { users } from "./schema";

/** Marks users' email addresses verified without a confirmation email (demo accounts, seeds). */
export async function markEmailsVerified(db: DbOrTx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(inArray(users.id, userIds));
}
