import { z } from "zod";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../../api/trpc";
import { runtimeDb } from "../../db/client";
import { logger } from "../../platform/logger";
import { enforceRateLimits, passwordResetChecks, RATE_LIMITS } from "../../platform/rate-limit";
import {
  changePassword,
  changePasswordInput,
  requestPasswordReset,
  requestPasswordResetInput,
  resendVerificationEmail,
  resetPassword,
  resetPasswordInput,
  signUp,
  verifyEmail,
} from "./flows";
import { describeDevice } from "./devices";
import { endOtherSessions, endOwnSession, listActiveSessions } from "./sessions";
import { profileInput, registerInput } from "./validation";
import { getProfile, removeAvatar, updateProfile } from "./profile";
import { plainText } from "../../platform/validate";

export const accountsRouter = createTRPCRouter({
  /**
   * Creates an account and mails a verification link; the client then signs in. The same answer
   * when the email already has an account (its owner is emailed instead): no account enumeration.
   */
  register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    await enforceRateLimits([{ rule: RATE_LIMITS.registerPerIp, key: ctx.ip }]);
    const user = await signUp(input);
    if (user) logger.info({ event: "user_registered", userId: user.id }, "user registered");
    else logger.info({ event: "registration_for_existing_account" }, "registration for an email that has an account: its owner was emailed");
    return { email: input.email, message: "We have sent an email to this address. Next, sign in." };
  }),

  me: protectedProcedure.query(async ({ ctx }) => {
    const user = ctx.user;
    return { id: user.id, email: user.email, name: user.name, isSuperAdmin: user.isSuperAdmin, emailVerified: user.emailVerified };
  }),

  /** Account → Profile: name, time zone, locale and whether there is an avatar (uploads go to /api/account/avatar). */
  profile: protectedProcedure.query(({ ctx }) => getProfile(runtimeDb(), ctx.user.id)),
  updateProfile: protectedProcedure.input(profileInput).mutation(({ ctx, input }) => updateProfile(runtimeDb(), ctx.user.id, input)),
  removeAvatar: protectedProcedure.mutation(async ({ ctx }) => ({ removed: await removeAvatar(runtimeDb(), ctx.user.id) })),

  /** Same answer whether or not the email has an account. */
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await enforceRateLimits(passwordResetChecks(ctx.ip, input.email));
    await requestPasswordReset(input);
    return { message: "If an account exists for that email, we have sent a link to reset its password. It expires in 1 hour." };
  }),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(({ input }) => resetPassword(input)),
  changePassword: protectedProcedure.input(changePasswordInput).mutation(({ ctx, input }) => changePassword(ctx.user.id, input, { ip: ctx.ip })),
  resendVerification: protectedProcedure.mutation(async ({ ctx }) => {
    const user = ctx.user;
    await enforceRateLimits([{ rule: RATE_LIMITS.passwordResetPerAccount, key: `verify:${user.id}` }]);
    return resendVerificationEmail(user.id);
  }),
  verifyEmail: publicProcedure.input(z.object({ token: plainText().min(1).max(200) })).mutation(({ input }) => verifyEmail(input.token)),

  /** Account → Sessions: the caller's active sessions, most recently seen first. */
  sessions: protectedProcedure.query(async ({ ctx }) => {
    const sessions = await listActiveSessions(runtimeDb(), ctx.user.id, ctx.session.sessionId);
    return sessions.map(({ userAgent, expiresAt: _end, ...session }) => ({ ...session, device: describeDevice(userAgent) }));
  }),
  /** Signs one of the caller's sessions out (NOT_FOUND for any other session). */
  endSession: protectedProcedure
    .input(z.object({ sessionId: z.uuid("This session id is not valid.") }))
    .mutation(async ({ ctx, input }) => {
      await endOwnSession(runtimeDb(), ctx.user.id, input.sessionId);
      logger.info({ event: "session_ended", userId: ctx.user.id }, "a session was signed out from Account → Sessions");
      return { ended: 1 };
    }),
  /** "Sign out everywhere else": every session of the caller but this one. */
  endOtherSessions: protectedProcedure.mutation(async ({ ctx }) => {
    const ended = await endOtherSessions(runtimeDb(), ctx.user.id, ctx.session.sessionId);
    logger.info({ event: "other_sessions_ended", userId: ctx.user.id, ended }, "signed out everywhere else");
    return { ended };
  }),
});
