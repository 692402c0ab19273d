import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { pgErrorCode } from "../../platform/errors";
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
};

function toSessionUser(row: typeof users.$inferSelect): SessionUser {
  const superAdmin = env().SUPER_ADMIN_EMAIL;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isSuperAdmin: Boolean(superAdmin && superAdmin.toLowerCase() === row.email.toLowerCase()),
    sessionVersion: row.sessionVersion,
    emailVerified: row.emailVerifiedAt !== null,
  };
}

export async function registerUser(db: DbOrTx, input: RegisterInput): Promise<SessionUser> {
  const data = registerInput.parse(input);
  assertUncommonPassword(data.password);
  const passwordHash = await hashPassword(data.password);
  try {
    const [row] = await db.insert(users).values({ email: data.email, name: data.name, passwordHash }).returning();
    return toSessionUser(row!);
  } catch (error) {
    if (pgErrorCode(error) === "23505") {
      throw new Conflict("An account with this email already exists. Sign in instead, or use another email.");
    }
    throw error;
  }
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
