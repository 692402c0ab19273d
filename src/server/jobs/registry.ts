import { NonRetriableError } from "inngest";
import { z } from "zod";
import { withTenant, type TenantTx } from "../db/tenant";
import { logger } from "../platform/logger";
import { inngestClient } from "./client";
import { memberRunner } from "./runner";
import type { JobDefinition, JobLogger, JsonValue, MemberGate, ScheduledJob, TenantJob } from "./define";

/**
 * What the jobs layer needs from the modules above it, handed down by the composition
 * root (src/server/modules/index.ts) so this layer never imports a module: every job of
 * every manifest, the member check behind `ctx.asMember`, and whether a tenant exists.
 */
export type JobHost = {
  jobs: JobDefinition[];
  memberGate: MemberGate;
  tenantExists(tenantId: string): Promise<boolean>;
};

export function tenantJobsOf(jobs: JobDefinition[]): TenantJob<never>[] {
  return jobs.filter((job): job is TenantJob<never> => job.kind === "event");
}

export function scheduledJobsOf(jobs: JobDefinition[]): ScheduledJob[] {
  return jobs.filter((job): job is ScheduledJob => job.kind === "cron");
}

function adaptLogger(base: { info: (...args: unknown[]) => void; warn: (...args: unknown[]) => void; error: (...args: unknown[]) => void }): JobLogger {
  return {
    info: (message, fields) => base.info(message, fields ?? {}),
    warn: (message, fields) => base.warn(message, fields ?? {}),
    error: (message, fields) => base.error(message, fields ?? {}),
  };
}

const tenantIdSchema = z.uuid();

/** The tenant named by an Inngest event, if it is a well-formed id of an existing tenant. */
async function validTenant(host: JobHost, tenantId: unknown): Promise<string | null> {
  const parsed = tenantIdSchema.safeParse(tenantId);
  if (!parsed.success) return null;
  return (await host.tenantExists(parsed.data)) ? parsed.data : null;
}

/**
 * The same jobs as Inngest functions, for /api/inngest. Tenant events carry
 * `tenantId` in their data; one without a valid tenant is rejected (not retried) and logged.
 */
export function inngestFunctions(host: JobHost) {
  const inngest = inngestClient();
  return host.jobs.map((job) => {
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
        const tenantId = await validTenant(host, rawTenantId);
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
          asMember: memberRunner(tenantId, host.memberGate),
        });
      },
    );
  });
}
