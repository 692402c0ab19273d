import { ensureSafeRuntimeRole, runtimeSql, UnsafeDatabaseRoleError } from "../db/client";
import { DATABASE_UNAVAILABLE_MESSAGE } from "./errors";
import { logger } from "./logger";

export async function checkReadiness(): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const started = performance.now();
  try {
    await ensureSafeRuntimeRole();
    await runtimeSql()`select 1`;
    return { ok: true, body: { status: "ready", database: "up", latencyMs: Math.round(performance.now() - started) } };
  } catch (error) {
    if (error instanceof UnsafeDatabaseRoleError) {
      return { ok: false, body: { status: "unsafe", database: "misconfigured", message: error.message } };
    }
    logger.warn({ err: error }, "readiness check failed");
    return { ok: false, body: { status: "unavailable", database: "down", message: DATABASE_UNAVAILABLE_MESSAGE } };
  }
}
