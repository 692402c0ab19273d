import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "../../db/columns";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";
import { NOTIFICATION_KINDS } from "./validation";

/*
 * Notifications: one row per recipient per tenant, written only by this module's jobs
 * (subscribers of other modules' events). Tenant RLS plus a restrictive policy that
 * shows a member their own rows only (drizzle/0021_notifications.sql).
 */

export const notificationKind = pgEnum("notification_kind", NOTIFICATION_KINDS);
export type NotificationKind = (typeof notificationKind.enumValues)[number];

export const notifications = pgTable(
  "notifications",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    /** What happened, as the recipient could see it when it happened ("Sam Sales assigned you a task"). */
    title: text().notNull(),
    /** A line of detail (the task's subject, an import's counts). */
    body: text().notNull().default(""),
    /** The record it links to: a module-qualified kind ("crm.deal") and its id; null links nowhere. */
    entityType: text(),
    entityId: uuid(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** Per recipient: a retried job or a repeated event writes the row once. */
    idempotencyKey: text().notNull(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("notifications_idempotency_idx").on(t.tenantId, t.userId, t.idempotencyKey),
    index("notifications_user_idx").on(t.tenantId, t.userId, t.createdAt, t.id),
    // The bell's count: an index-only count of a member's unread rows.
    index("notifications_unread_idx").on(t.tenantId, t.userId).where(sql`read_at is null`),
  ],
);

/**
 * A person's choices per kind, for every organization they belong to (set on the
 * account page, which has no tenant): a global table like user_sessions, reached only
 * through ./preferences.ts. No row for a kind → the defaults (DEFAULT_PREFERENCES).
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    inApp: boolean().notNull(),
    email: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
