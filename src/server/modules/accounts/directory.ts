import { pgView, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Who a user is, for other modules to show and join (actors in the audit log, owners of
 * records): a read-only view over accounts' users (migration 0012) without password
 * hashes, tokens or session versions. Declared here rather than in ./schema.ts: it is
 * accounts' published interface, and drizzle-kit leaves existing views alone.
 */
export const userProfiles = pgView("user_profiles", {
  id: uuid().notNull(),
  name: text().notNull(),
  email: text().notNull(),
  /** Versions the avatar's URL; null when the user has none (migration 0022). */
  avatarUpdatedAt: timestamp({ withTimezone: true }),
}).existing();
