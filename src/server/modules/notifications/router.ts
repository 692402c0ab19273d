import { createTRPCRouter, protectedProcedure, roleProcedure } from "../../api/trpc";
import { NOTIFICATIONS } from "./permissions";
import { getPreferences, setPreferences } from "./preferences";
import { preferencesInput } from "./validation";
import { listNotifications, markAllRead, markRead, notificationIdInput, notificationListInput, unreadCount } from "./service";

/** The bell (each member's own notifications in the current organization) and the account page's preferences. */
export const notificationsRouter = createTRPCRouter({
  list: roleProcedure(NOTIFICATIONS.read)
    .input(notificationListInput)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.actor, input)),
  unreadCount: roleProcedure(NOTIFICATIONS.read).query(({ ctx }) => unreadCount(ctx.db, ctx.actor)),
  markRead: roleProcedure(NOTIFICATIONS.read)
    .input(notificationIdInput)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.actor, input)),
  markAllRead: roleProcedure(NOTIFICATIONS.read).mutation(({ ctx }) => markAllRead(ctx.db, ctx.actor)),
  /** The signed-in user's preferences (the same in every organization). */
  preferences: protectedProcedure.query(({ ctx }) => getPreferences(ctx.user.id)),
  setPreferences: protectedProcedure.input(preferencesInput).mutation(({ ctx, input }) => setPreferences(ctx.user.id, input)),
});
