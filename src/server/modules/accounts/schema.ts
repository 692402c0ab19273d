import { sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "../../db/columns";

/** Global table: people who can sign in. Reached only through accounts' service. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    // Bumped to end every session issued before (password change, reset).
    sessionVersion: integer().notNull().default(1),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    lastTenantId: uuid(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);
