import { NonRetriableError } from "inngest";
import { z } from "zod";
import { withTenant, type TenantTx } from "../db/tenant";
import { logger } from "../platform/logger";
import { sendEmailJob } from "../modules/mail/jobs";
import { crmImportJob } from "../modules/crm/jobs";
import { inngestClient } from "./client";
import type { JobDefinition, JobLogger, JsonValue, ScheduledJob, TenantJob } from "./define";
import { pruneOutboxJob, testPingJob } from "./system-jobs";
import { runtimeDb } from "../db/client";
import { tenants } from "../modules/orgs/schema";
import { eq } from "drizzle-orm";

/** Every job of the app, in one list: each module's jobs.ts adds its own here. */
export const ALL_JOBS: JobDefinition[] = [testPingJob, sendEmailJob, pruneOutboxJob, crmImportJob] as JobDefinition[];

export const TENANT_JOBS = ALL_JOBS.filter((job): job is TenantJob<never> => job.kind === "event");
export const SCHEDULED_JOBS = ALL_JOBS.filter((job): job is ScheduledJob => job.kind === "cron");

function adaptLogger(base: { info: (...args: unknown[]) => void; warn: (...args: unknown[]) => void; error: (...args: unknown[]) => void }): JobLogger {
  return {
    info: (message, fields) => base.info(message, fields ?? {}),
    warn: (message, fields) => base.warn(message, fields ?? {}),
    error: (message, fields) => base.error(message, fields ?? {}),
  };
}

const tenantIdSchema = z.uuid();

/** The tenant named by an Inngest event, if it is a well-formed id of an existing tenant. */
async function validTenant(tenantId: unknown): Promise<string | null> {
  const parsed = tenantIdSchema.safeParse(tenantId);
  if (!parsed.success) return null;
  const [row] = await runtimeDb().select({ id: tenants.id }).from(tenants).where(eq(tenants.id, parsed.data));
  return row?.id ?? null;
}

/**
 * The same jobs as Inngest functions, for /api/inngest. Tenant events carry
 * `tenantId` in their data; one without a valid tenant is rejected (not retried) and logged.
 */
export function inngestFunctions() {
  const inngest = inngestClient();
  return ALL_JOBS.map((job) => {
    if (job.kind === "cron") {
      return inngest.createFunction({ id: job.id, triggers: [{ cron: job.cron }] }, async ({ step, logger: fnLogger }) =>
        job.handler({
          scheduledAt: new Date(),
          logger: adaptLogger(fnLogger),
          step: { run: <T extends JsonValue | void>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T> },
        }),
      );
    }
    return inngest.createFunction(
      // Inngest types `retries` as the literal union 0…20.
      { id: job.id, triggers: [{ event: job.event }], retries: Math.min(job.retries, 20) as 20 },
      async ({ event, step, attempt, logger: fnLogger }) => {
        const { tenantId: rawTenantId, ...data } = (event.data ?? {}) as Record<string, unknown>;
        const tenantId = await validTenant(rawTenantId);
        if (!tenantId) {
          logger.error({ event: event.name, eventId: event.id, tenantId: rawTenantId }, "rejected an event without a valid tenant");
          throw new NonRetriableError(`event ${event.name} has no valid tenantId`);
        }
        return job.handler({
          event: { id: event.id ?? "", name: event.name, data: data as never },
          tenantId,
          attempt: attempt + 1,
          logger: adaptLogger(fnLogger),
          step: { run: <T extends JsonValue | void>(id: string, fn: () => Promise<T>) => step.run(id, fn) as Promise<T> },
          withTenant: <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ tenantId }, fn),
        });
      },
    );
  });
}
