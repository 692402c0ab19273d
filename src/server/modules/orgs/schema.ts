import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn, timestamps } from "../../db/columns";
import { users } from "../accounts/schema";

export const memberRole = pgEnum("member_role", ["owner", "admin", "member", "viewer"]);
export type MemberRole = (typeof memberRole.enumValues)[number];

/** Global table: one row per organization (tenant). */
export const tenants = pgTable("tenants", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  baseCurrency: text().notNull().default("USD"),
  createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
  suspendedAt: timestamp({ withTimezone: true }),
  suspendedReason: text(),
  ...timestamps(),
});

/**
 * Who belongs to which tenant. Tenant-owned (RLS by tenant), plus a read-only policy
 * letting a user see their own memberships across tenants, hence the user_id index.
 */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: memberRole().notNull(),
    lastActiveAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("memberships_user_idx").on(t.userId, t.tenantId)],
);
