import { withTenant } from "../../db/tenant";
import { defineIsolation } from "../../../test/isolation";
import { notifications } from "./schema";

/**
 * Notifications (test support for the isolation table). The fixture's notification is
 * the owner's: every other caller, of any role and of this tenant too, gets NOT_FOUND
 * when marking it (`hidesOthersRecords`), and lists only their own.
 */
export const notificationsIsolation = defineIsolation({
  module: "notifications",
  async buildFixture({ tenantId, owner, name }) {
    const notificationId = await withTenant({ tenantId }, async (tx) => {
      const [row] = await tx
        .insert(notifications)
        .values({ userId: owner.id, kind: "deal_assigned", title: `Secret of ${name}`, body: name, idempotencyKey: "fixture" })
        .returning({ id: notifications.id });
      return row!.id;
    });
    return { notificationId };
  },
  cases: {
    "notifications.list": { minimumRole: "viewer", call: (api) => api.notifications.list({}) },
    "notifications.unreadCount": { minimumRole: "viewer", call: (api) => api.notifications.unreadCount() },
    "notifications.markRead": { minimumRole: "viewer", hidesOthersRecords: true, call: (api, ids) => api.notifications.markRead({ id: ids.notificationId }) },
    "notifications.markAllRead": { minimumRole: "viewer", call: (api) => api.notifications.markAllRead() },
  },
  nonTenant: {
    "notifications.preferences": "own account",
    "notifications.setPreferences": "own account",
  },
});
