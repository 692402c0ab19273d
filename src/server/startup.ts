import { ensureSafeRuntimeRole, UnsafeDatabaseRoleError } from "./db/client";
import { authSecret, env } from "./platform/env";
import { logger } from "./platform/logger";

/**
 * Start-up of a server process. It sits above the modules (it hands their jobs to the
 * delivery), so nothing below src/server/modules imports it.
 *
 * Validates the environment (one message listing every problem) and refuses to
 * serve if the database role could bypass row-level security.
 */
export async function checkBeforeServing(): Promise<void> {
  try {
    env();
    authSecret();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  try {
    await ensureSafeRuntimeRole();
    logger.info("database role check passed; serving");
  } catch (error) {
    if (error instanceof UnsafeDatabaseRoleError) {
      console.error(error.message);
      process.exit(1);
    }
    // Unreachable database: serve anyway; requests answer 503 until it is back.
    logger.warn({ err: error }, "database not reachable at start-up; API answers 503 until it is");
  }
  // Delivery retries on its own while the database is away.
  const [{ startJobDelivery }, { jobHost }] = await Promise.all([import("./jobs/start"), import("./modules")]);
  startJobDelivery(jobHost);
}
