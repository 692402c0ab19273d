import { pgView, timestamp, uuid, text } from "drizzle-orm/pg-core";
import { memberRole } from "./schema";

/**
 * The current tenant's members with their names and roles, for other modules to show
 * and join (record owners, assignees, mentions): a read-only view (migration 0012)
 * under the memberships tenant policy, so it holds the transaction's tenant only.
 */
export const memberDirectory = pgView("member_directory", {
  tenantId: uuid().notNull(),
  userId: uuid().notNull(),
  name: text().notNull(),
  email: text().notNull(),
  role: memberRole().notNull(),
  joinedAt: timestamp({ withTimezone: true }).notNull(),
  lastActiveAt: timestamp({ withTimezone: true }),
  /** Versions the member's avatar URL; null when they have none (migration 0022). */
  avatarUpdatedAt: timestamp({ withTimezone: true }),
}).existing();
