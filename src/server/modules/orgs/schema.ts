import { sql } from "drizzle-orm";
import { MEMBER_ROLES, type MemberRole } from "./roles";
import { check, customType, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn, timestamps } from "../../db/columns";
import { users } from "../accounts/schema";

export const memberRole = pgEnum("member_role", MEMBER_ROLES);
/** Declared in ./roles.ts; re-exported for the schema's readers. */
export type { MemberRole };

/** Global table: one row per organization (tenant). */
export const tenants = pgTable("tenants", {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  baseCurrency: text().notNull().default("USD"),
  timeZone: text().notNull().default("UTC"),
  // Slugs used before a rename: links with them redirect to the current slug.
  previousSlugs: text().array().notNull().default(sql`'{}'::text[]`),
  fiscalYearStartMonth: integer().notNull().default(1),
  /** Billing plan (see orgs/plans.ts); billing sets it from Stripe, a super admin by hand. */
  plan: text().notNull().default("free"),
  createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
  suspendedAt: timestamp({ withTimezone: true }),
  suspendedReason: text(),
  ...timestamps(),
}, (t) => [
  check("tenants_fiscal_year_start_month_check", sql`${t.fiscalYearStartMonth} between 1 and 12`),
  index("tenants_previous_slugs_idx").using("gin", t.previousSlugs),
]);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The organization's logo (small, checked on upload). Its bytes are in `bytes` or in the
 * object store under `object_key` (src/server/storage), exactly one of the two.
 */
export const tenantLogos = pgTable(
  "tenant_logos",
  {
    tenantId: tenantIdColumn()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    contentType: text().notNull(),
    bytes: bytea(),
    objectKey: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    check("tenant_logos_one_location", sql`(bytes is null) <> (object_key is null)`),
    // The key is the row's tenant's: a row can never point at another tenant's object.
    check("tenant_logos_object_key", sql`object_key is null or object_key like 'tenant/' || tenant_id::text || '/logo/%'`),
  ],
);

/** Invitations to join a tenant: the token is stored hashed, valid 7 days, single use, revocable. */
export const invitations = pgTable(
  "invitations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    email: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true }),
    sendCount: integer().notNull().default(1),
    lastSentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("invitations_token_hash_key").on(t.tenantId, t.tokenHash),
    uniqueIndex("invitations_open_email_key")
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`accepted_at is null and revoked_at is null`),
  ],
);

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
