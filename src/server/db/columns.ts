import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * `tenant_id` of every tenant-owned table. It defaults to the tenant of the current
 * tenant transaction, so services never pass it and cannot pass a wrong one; the RLS
 * policy's WITH CHECK rejects any other value.
 */
export const tenantIdColumn = () =>
  uuid("tenant_id")
    .notNull()
    .default(sql`nullif(current_setting('app.tenant_id', true), '')::uuid`);

/** The acting user of the current transaction, for created_by-style columns. */
export const currentUserIdDefault = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

export const timestamps = () => ({
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
