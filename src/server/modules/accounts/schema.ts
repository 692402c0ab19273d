import { sql } from "drizzle-orm";
import { check, customType, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    /** IANA zone: dates outside an organization (inside one, the organization's zone wins). */
    timeZone: text().notNull().default("UTC"),
    /** BCP 47 tag from src/lib/format.ts's SUPPORTED_LOCALES: the shape of dates and numbers. */
    locale: text().notNull().default("en-US"),
    /** When the avatar (user_avatars) last changed; null = no avatar. Versions its URL. */
    avatarUpdatedAt: timestamp({ withTimezone: true }),
    /** Hints the user closed for good, e.g. `home-checklist:<tenant id>`. */
    dismissedHints: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`)],
);

export const userTokenPurpose = pgEnum("user_token_purpose", ["password_reset", "email_verification"]);
export type UserTokenPurpose = (typeof userTokenPurpose.enumValues)[number];

/** Global: single-use tokens mailed to a user (password reset, email verification), stored hashed. */
export const userTokens = pgTable(
  "user_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: userTokenPurpose().notNull(),
    tokenHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_tokens_hash_key").on(t.tokenHash), index("user_tokens_user_idx").on(t.userId, t.purpose)],
);

/**
 * Global: one row per sign-in, named by the `sid` claim of its JWT and checked on every
 * request (with the membership on tenant requests). Signing out revokes the row, so a
 * copied cookie stops working; `expires_at` caps a session's life however often its JWT
 * is re-issued. Reached only through ./sessions.ts.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    // The browser's User-Agent, truncated: shown as the device in Account → Sessions.
    userAgent: text().notNull().default(""),
    ip: text().notNull().default(""),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.expiresAt)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * Global: a user's picture, apart from `users` so the bytes are not read with every
 * session check. PNG, JPEG or WebP up to 256 KB (checked by content in ./profile.ts).
 */
export const userAvatars = pgTable(
  "user_avatars",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    contentType: text().notNull(),
    /** The bytes here, or in the object store under `object_key` (per user: `users/{id}/avatar/…`); exactly one. */
    bytes: bytea(),
    objectKey: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    check("user_avatars_one_location", sql`(bytes is null) <> (object_key is null)`),
    check("user_avatars_object_key", sql`object_key is null or object_key like 'users/' || user_id::text || '/avatar/%'`),
  ],
);
