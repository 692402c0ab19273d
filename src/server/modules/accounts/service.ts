import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { Conflict } from "../../platform/errors";
import { env } from "../../platform/env";
import { users } from "./schema";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./passwords";
import { registerInput, type RegisterInput } from "./validation";
import { assertUncommonPassword } from "./common-passwords";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  isSuperAdmin: boolean;
  sessionVersion: number;
  emailVerified: boolean;
  /** Preferences (Account → Profile): see src/lib/format.ts for which time zone wins where. */
  timeZone: string;
  locale: string;
  /** Versions the avatar's URL (ms since epoch); null = no avatar, initials instead. */
  avatarVersion: number | null;
};

export function toSessionUser(row: typeof users.$inferSelect): SessionUser {
  const superAdmin = env().SUPER_ADMIN_EMAIL;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // Only once the address is proven: otherwise whoever registers SUPER_ADMIN_EMAIL first would be admin.
    isSuperAdmin: Boolean(superAdmin && row.emailVerifiedAt && superAdmin.toLowerCase() === row.email.toLowerCase()),
    sessionVersion: row.sessionVersion,
    emailVerified: row.emailVerifiedAt !== null,
    timeZone: row.timeZone,
    locale: row.locale,
    avatarVersion: row.avatarUpdatedAt ? row.avatarUpdatedAt.getTime() : null,
  };
}

/**
 * Creates the account, or returns null when the email already has one (the unique index on
 * the lower-cased email decides, so concurrent registrations cannot both win).
 */
export async function createUserIfNew(db: DbOrTx, input: RegisterInput): Promise<SessionUser | null> {
  const data = registerInput.parse(input);
  assertUncommonPassword(data.password);
  const passwordHash = await hashPassword(data.password);
  const [row] = await db.insert(users).values({ email: data.email, name: data.name, passwordHash }).onConflictDoNothing().returning();
  return row ? toSessionUser(row) : null;
}

/** Creates the account; `Conflict` when the email has one (for flows where the person already proved the address). */
export async function registerUser(db: DbOrTx, input: RegisterInput): Promise<SessionUser> {
  const user = await createUserIfNew(db, input);
  if (!user) throw new Conflict("An account with this email already exists. Sign in instead, or use another email.");
  return user;
}

/** The user for these credentials, or null. Takes the same time whether or not the email exists. */
export async function verifyCredentials(db: DbOrTx, email: string, password: string): Promise<SessionUser | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  if (!row) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  return (await verifyPassword(row.passwordHash, password)) ? toSessionUser(row) : null;
}

export async function getUserById(db: DbOrTx, id: string): Promise<SessionUser | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ? toSessionUser(row) : null;
}

/** Whether the account's email address is verified (false for an unknown id). */
export async function isEmailVerified(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1);
  return Boolean(row?.verifiedAt);
}

export async function getUserByEmail(db: DbOrTx, email: string): Promise<SessionUser | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ? toSessionUser(row) : null;
}

export async function rememberLastTenant(db: DbOrTx, userId: string, tenantId: string): Promise<void> {
  await db.update(users).set({ lastTenantId: tenantId }).where(eq(users.id, userId));
}

export async function getLastTenantId(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db.select({ lastTenantId: users.lastTenantId }).from(users).where(eq(users.id, userId));
  return row?.lastTenantId ?? null;
}
