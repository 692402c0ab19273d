import { sql } from "drizzle-orm";
import { foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "../db/columns";
import { tenants } from "../modules/orgs/schema";

export const outboxStatus = pgEnum("outbox_status", ["pending", "running", "done", "sent", "dead"]);
export type OutboxStatus = (typeof outboxStatus.enumValues)[number];

export const jobRunStatus = pgEnum("job_run_status", ["running", "done", "failed"]);

/**
 * Events written in the same transaction as the change that causes them, then
 * delivered by the relay (Inngest) or the embedded worker. Nothing is lost: a row
 * stays pending until it is delivered, and a crashed worker's lease expires.
 */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    payload: jsonb().notNull().default({}),
    idempotencyKey: text(),
    status: outboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    runAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("outbox_events_idempotency_key").on(t.tenantId, t.name, t.idempotencyKey),
    index("outbox_events_recent_idx").on(t.tenantId, t.createdAt.desc()),
    index("outbox_events_status_idx").on(t.tenantId, t.status),
    // The worker's claim scans due rows of every tenant: the one index that cannot start with tenant_id.
    index("outbox_events_due_idx").on(t.runAfter).where(sql`status in ('pending', 'running')`),
    // The metrics' counts of waiting and dead events (neuroops_outbox_metrics, read at every scrape) without reading the delivered ones.
    index("outbox_events_waiting_idx").on(t.status, t.createdAt).where(sql`status in ('pending', 'dead')`),
  ],
);

/** One run of one function for one event, with its finished steps' results (memoized on retry). */
export const jobRuns = pgTable(
  "job_runs",
  {
    tenantId: tenantIdColumn(),
    eventId: uuid().notNull(),
    functionId: text().notNull(),
    status: jobRunStatus().notNull().default("running"),
    attempts: integer().notNull().default(0),
    steps: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    lastError: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId, t.functionId] }),
    foreignKey({ columns: [t.tenantId, t.eventId], foreignColumns: [outboxEvents.tenantId, outboxEvents.id] }).onDelete("cascade"),
  ],
);

/** Global: when each scheduled (cron) function runs next, claimed atomically by one process. */
export const jobSchedules = pgTable("job_schedules", {
  functionId: text().primaryKey(),
  cron: text().notNull(),
  nextRunAt: timestamp({ withTimezone: true }).notNull(),
  lastRunAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lockedBy: text(),
  lockedUntil: timestamp({ withTimezone: true }),
});
