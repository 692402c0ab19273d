import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { runtimeDb, type Tx } from "../../db/client";
import { enterTenant } from "../../db/tenant";
import { NotFound, ValidationFailed } from "../../platform/errors";
import { logger } from "../../platform/logger";
import { hashSecretToken, newSecretToken } from "../../platform/tokens";
import { appUrl } from "../../platform/urls";
import { queueEmail } from "../mail/service";
import { PLATFORM_TENANT_ID } from "../orgs/constants";
import { assertUncommonPassword } from "./common-passwords";
import { hashPassword, verifyPassword } from "./passwords";
import { users, userTokens, type UserTokenPurpose } from "./schema";
import { createUserIfNew, type SessionUser } from "./service";
import { endAllSessions } from "./sessions";
import { withPasswordAttemptLimits } from "./sign-in-limits";
import { emailSchema, passwordSchema, registerInput, type RegisterInput } from "./validation";

export const PASSWORD_RESET_VALID_MINUTES = 60;
export const EMAIL_VERIFICATION_VALID_HOURS = 72;

/** Stores a hashed single-use token and returns the secret for the link. */
async function issueToken(tx: Tx, userId: string, purpose: UserTokenPurpose, validMinutes: number): Promise<string> {
  const { token, hash } = newSecretToken();
  await tx.insert(userTokens).values({ userId, purpose, tokenHash: hash, expiresAt: sql`now() + make_interval(mins => ${validMinutes})` });
  return token;
}

/** Account emails have no organization: they use the platform tenant's outbox, in the same transaction. */
async function queueAccountEmail(tx: Tx, message: { to: string; subject: string; text: string }, idempotencyKey: string) {
  const scoped = await enterTenant(tx, { tenantId: PLATFORM_TENANT_ID });
  await queueEmail(scoped, message, idempotencyKey);
}

async function queueVerificationEmail(tx: Tx, user: { id: string; email: string; name: string }) {
  const token = await issueToken(tx, user.id, "email_verification", EMAIL_VERIFICATION_VALID_HOURS * 60);
  await queueAccountEmail(
    tx,
    {
      to: user.email,
      subject: "Confirm your email for NeuroOps",
      text: [
        `Hi ${user.name},`,
        "",
        `Confirm your email address: ${appUrl(`/verify-email/${token}`)}`,
        "",
        `The link works once and expires in ${EMAIL_VERIFICATION_VALID_HOURS} hours.`,
      ].join("\n"),
    },
    `verify:${hashSecretToken(token)}`,
  );
}

/** At most one "someone tried to register your address" email per account and hour. */
const ACCOUNT_EXISTS_EMAIL_EVERY_MS = 60 * 60 * 1000;

async function queueAccountExistsEmail(tx: Tx, owner: { id: string; email: string; name: string }) {
  const hour = Math.floor(Date.now() / ACCOUNT_EXISTS_EMAIL_EVERY_MS);
  await queueAccountEmail(
    tx,
    {
      to: owner.email,
      subject: "Your email already has a NeuroOps account",
      text: [
        `Hi ${owner.name},`,
        "",
        "Someone (hopefully you) tried to create a NeuroOps account with this email address, which already has one. Nothing was changed.",
        "",
        `Sign in: ${appUrl("/sign-in")}`,
        `Forgot your password? Choose a new one: ${appUrl("/forgot-password")}`,
        "",
        "If it was not you, you can ignore this email.",
      ].join("\n"),
    },
    `account-exists:${owner.id}:${hour}`,
  );
}

/**
 * Registration, in one transaction: a new account and its verification email, or (the email
 * has an account) an email to that account's owner and null. The caller answers both the same
 * way, so registering says nothing about which emails have accounts.
 */
export async function signUp(input: RegisterInput): Promise<SessionUser | null> {
  const data = registerInput.parse(input);
  return runtimeDb().transaction(async (tx) => {
    const user = await createUserIfNew(tx, data);
    if (user) {
      await queueVerificationEmail(tx, user);
      return user;
    }
    const [owner] = await tx.select().from(users).where(sql`lower(${users.email}) = ${data.email}`);
    if (owner) await queueAccountExistsEmail(tx, owner);
    return null;
  });
}

export async function resendVerificationEmail(userId: string): Promise<{ sent: boolean }> {
  return runtimeDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new NotFound("Account not found.");
    if (user.emailVerifiedAt) return { sent: false };
    await queueVerificationEmail(tx, user);
    return { sent: true };
  });
}

/** Claims a token: valid, unused, unexpired, of this purpose; marks it used. Null otherwise. */
async function consumeToken(tx: Tx, token: string, purpose: UserTokenPurpose) {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.tokenHash, hashSecretToken(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row ?? null;
}

export async function verifyEmail(token: string): Promise<{ verified: boolean }> {
  return runtimeDb().transaction(async (tx) => {
    const claimed = await consumeToken(tx, token, "email_verification");
    if (!claimed) return { verified: false };
    await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, claimed.userId));
    return { verified: true };
  });
}

export const requestPasswordResetInput = z.object({ email: emailSchema });

/**
 * Mails a reset link if an account has this email. The caller answers the same either
 * way, so the response says nothing about which emails have accounts.
 */
export async function requestPasswordReset(rawInput: z.input<typeof requestPasswordResetInput>): Promise<void> {
  const { email } = requestPasswordResetInput.parse(rawInput);
  await runtimeDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(sql`lower(${users.email}) = ${email}`);
    if (!user) {
      logger.info({ event: "password_reset_unknown_email" }, "password reset requested for an unknown email");
      return;
    }
    const token = await issueToken(tx, user.id, "password_reset", PASSWORD_RESET_VALID_MINUTES);
    await queueAccountEmail(
      tx,
      {
        to: user.email,
        subject: "Reset your NeuroOps password",
        text: [
          `Hi ${user.name},`,
          "",
          `Someone (hopefully you) asked to reset the password of your NeuroOps account. Choose a new one here: ${appUrl(`/reset-password/${token}`)}`,
          "",
          `The link works once and expires in ${PASSWORD_RESET_VALID_MINUTES} minutes. If you did not ask, ignore this email: your password stays as it is.`,
        ].join("\n"),
      },
      `reset:${hashSecretToken(token)}`,
    );
  });
}

export const resetPasswordInput = z.object({ token: z.string().min(20).max(200), password: passwordSchema });

/** Sets a new password from a reset link and ends every session of the account. */
export async function resetPassword(rawInput: z.input<typeof resetPasswordInput>): Promise<{ email: string }> {
  const input = resetPasswordInput.parse(rawInput);
  assertUncommonPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return runtimeDb().transaction(async (tx) => {
    const claimed = await consumeToken(tx, input.token, "password_reset");
    if (!claimed) throw new ValidationFailed({ token: ["This reset link is invalid, used or expired."] }, "This reset link is invalid, used or expired. Ask for a new one.");
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, claimed.userId))
      .returning({ email: users.email });
    await endAllSessions(tx, claimed.userId);
    // Other outstanding reset links of this account stop working too.
    await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(userTokens.userId, claimed.userId), eq(userTokens.purpose, "password_reset"), isNull(userTokens.usedAt)));
    logger.info({ event: "password_reset", userId: claimed.userId }, "password reset; all sessions ended");
    return { email: user!.email };
  });
}

export const changePasswordInput = z.object({ currentPassword: z.string().min(1, "Enter your current password.").max(200), newPassword: passwordSchema });

/**
 * Needs the current password, checked under the sign-in attempt limits of this account and the
 * caller's address (`ip`); ends every session, this one included (the caller signs in again with the new one).
 */
export async function changePassword(
  userId: string,
  rawInput: z.input<typeof changePasswordInput>,
  from: { ip: string },
): Promise<{ sessionVersion: number }> {
  const input = changePasswordInput.parse(rawInput);
  const [user] = await runtimeDb().select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFound("Account not found.");
  const rightPassword = await withPasswordAttemptLimits({ ip: from.ip, email: user.email }, async () =>
    (await verifyPassword(user.passwordHash, input.currentPassword)) ? true : null,
  );
  if (!rightPassword) throw new ValidationFailed({ currentPassword: ["That is not your current password."] });
  if (input.currentPassword === input.newPassword) throw new ValidationFailed({ newPassword: ["Choose a password different from the current one."] });
  assertUncommonPassword(input.newPassword, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await runtimeDb().transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning({ sessionVersion: users.sessionVersion });
    await endAllSessions(tx, userId);
    return row;
  });
  logger.info({ event: "password_changed", userId }, "password changed; other sessions ended");
  return { sessionVersion: updated!.sessionVersion };
}
