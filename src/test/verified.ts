import { eq } from "drizzle-orm";
import { markEmailsVerified } from "../server/modules/accounts/verified";
import type { SessionUser } from "../server/modules/accounts/service";
import { users } from "../server/modules/accounts/schema";
import { runtimeDb } from "../server/db/client";
import { createTenant, createUser } from "./fixtures";

/** Marks an account's email as verified (as opening the emailed link does). */
export async function markEmailVerified(userId: string): Promise<void> {
  await markEmailsVerified(runtimeDb(), [userId]);
}

/** A user whose email is verified: what inviting people and super-admin powers need. */
export async function createVerifiedUser(overrides: { name?: string; email?: string } = {}): Promise<SessionUser> {
  const user = await createUser(overrides);
  await markEmailVerified(user.id);
  return { ...user, emailVerified: true };
}

/** A tenant whose owner has a verified email, in one line. */
export async function createTenantWithVerifiedOwner(name?: string): Promise<Awaited<ReturnType<typeof createTenant>>> {
  const { org, owner } = await createTenant(name);
  await markEmailVerified(owner.id);
  return { org, owner: { ...owner, emailVerified: true } };
}

/** Clears an account's verification (to test what an unverified account may not do). */
export async function markEmailUnverified(userId: string): Promise<void> {
  await runtimeDb().update(users).set({ emailVerifiedAt: null }).where(eq(users.id, userId));
}
