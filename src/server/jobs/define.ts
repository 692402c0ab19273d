import type { TenantTx } from "../db/tenant";

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
  /** Re-enters the event's tenant: the only way a job touches tenant data. */
  withTenant<T>(fn: (tx: TenantTx) => Promise<T>): Promise<T>;
};

export type TenantJob<TData = Record<string, unknown>> = {
  kind: "event";
  id: string;
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

export function defineJob<TData>(options: {
  id: string;
  event: string;
  retries?: number;
  timeoutSeconds?: number;
  handler: (ctx: TenantJobContext<TData>) => Promise<unknown>;
}): TenantJob<TData> {
  return { kind: "event", retries: options.retries ?? DEFAULT_RETRIES, timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, ...options };
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
