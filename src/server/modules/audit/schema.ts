import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn } from "../../db/columns";
import { tenants } from "../orgs/schema";

/**
 * Append-only record of every mutation, written in the mutation's transaction.
 * The app role may SELECT and INSERT only (see the RLS migration).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: bigint({ mode: "bigint" }).generatedAlwaysAsIdentity(),
    actorUserId: uuid().default(currentUserIdDefault),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    requestId: text().default(sql`nullif(current_setting('app.request_id', true), '')`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_log_entity_idx").on(t.tenantId, t.entityType, t.entityId, t.id),
    index("audit_log_actor_idx").on(t.tenantId, t.actorUserId, t.id),
  ],
);
