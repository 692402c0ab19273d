import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import { env } from "./env";

export type LogContext = { requestId?: string; tenantId?: string; userId?: string };

const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with request/tenant/user ids attached to every log line written inside it. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...context }, fn);
}

/** Adds ids to the current context once they are known (e.g. the tenant after the membership check). */
export function extendLogContext(context: LogContext): void {
  const store = logContext.getStore();
  if (store) Object.assign(store, context);
}

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { service: "neuroops" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => logContext.getStore() ?? {},
  redact: { paths: ["password", "*.password", "passwordHash", "*.passwordHash", "token"], censor: "[redacted]" },
});
