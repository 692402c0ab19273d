import type { Actor, ScopeRole, TenantTx } from "../db/tenant";
import type { EventDefinition, EventPayload } from "./events";

/**
 * One job definition serves both delivery modes: it becomes an Inngest function when
 * Inngest is configured, and is run by the embedded worker otherwise. Handlers only
 * see this small context, so they behave the same in both.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type StepTools = {
  /** Runs `fn` once per event: a retry returns the recorded result instead of running it again. */
  run<T extends JsonValue | void>(id: string, fn: () => Promise<T>): Promise<T>;
};

export type JobLogger = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

export type TenantJobContext<TData> = {
  event: { id: string; name: string; data: TData };
  tenantId: string;
  /** attempt number, from 1 */
  attempt: number;
  step: StepTools;
  logger: JobLogger;
  /** Re-enters the event's tenant as the system (no member behind it): sees every record. */
  withTenant<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
  /**
   * Re-enters the event's tenant as the member `userId`, checked again now (still a
   * member, role at least `minimumRole`, organization not suspended): record visibility
   * and audit entries are theirs. Refused permanently (the event goes dead) otherwise.
   */
  asMember<T>(userId: string, minimumRole: MemberRoleName, fn: (tx: TenantTx, actor: JobActor) => Promise<T>): Promise<T>;
};

export type MemberRoleName = Exclude<ScopeRole, "system">;
/** The member a job acts for: the same Actor as a request's. */
export type JobActor = Actor;

/**
 * How the jobs layer checks a member without knowing which module owns memberships:
 * given by the composition root (src/server/modules/index.ts). Runs inside the tenant
 * transaction; answers the member's actor, or throws a PermanentJobError saying why not.
 */
export type MemberGate = (tx: TenantTx, tenantId: string, userId: string, minimumRole: MemberRoleName) => Promise<JobActor>;

export type TenantJob<TData = Record<string, unknown>> = {
  kind: "event";
  id: string;
  /** The name of the event it subscribes to (from its EventDefinition). */
  event: string;
  /** Retries after the first attempt; the event is dead after retries + 1 failures. */
  retries: number;
  /** An attempt running longer fails (and is retried), so a hung handler cannot hold its event forever. */
  timeoutSeconds: number;
  handler: (ctx: TenantJobContext<TData>) => Promise<unknown>;
};

export type ScheduledJobContext = { step: StepTools; logger: JobLogger; scheduledAt: Date };

export type ScheduledJob = {
  kind: "cron";
  id: string;
  cron: string;
  handler: (ctx: ScheduledJobContext) => Promise<unknown>;
};

export type JobDefinition = TenantJob<never> | ScheduledJob;

export const DEFAULT_RETRIES = 4;
export const DEFAULT_TIMEOUT_SECONDS = 5 * 60;

export function defineJob<TData extends EventPayload>(options: {
  id: string;
  event: EventDefinition<TData>;
  retries?: number;
  timeoutSeconds?: number;
  handler: (ctx: TenantJobContext<TData>) => Promise<unknown>;
}): TenantJob<TData> {
  return {
    kind: "event",
    id: options.id,
    event: options.event.name,
    retries: options.retries ?? DEFAULT_RETRIES,
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    handler: options.handler,
  };
}

export function defineCron(options: { id: string; cron: string; handler: (ctx: ScheduledJobContext) => Promise<unknown> }): ScheduledJob {
  return { kind: "cron", ...options };
}

/** Thrown by a handler for a failure that retrying cannot fix: the event goes dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
