/**
 * Child-process entry that hosts the embedded database exactly as `npm run dev`
 * (scripts/start.ts) does: PGlite behind its socket, migrated, switched to the app
 * role. The benchmark process then connects to it like the Next process does, with a
 * pool of ONE connection. Sends { type: "ready", url } over IPC; stops on "stop" or
 * when the parent disconnects.
 *
 *   node --import tsx bench/lib/jobs-pglite-host.ts <dataDir>
 */
import { startEmbeddedDatabase } from "../../src/server/db/embedded";
import { migrateDatabase } from "../../src/server/db/migrate";

export type PgliteHostMessage = { type: "ready"; url: string; migrateMs: number } | { type: "failed"; message: string };

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: jobs-pglite-host.ts <dataDir>");

let closing: Promise<void> | null = null;
try {
  const embedded = await startEmbeddedDatabase({ dataDir });
  const started = performance.now();
  await migrateDatabase(embedded.url);
  await embedded.switchToAppRole();
  const shutdown = () => {
    closing ??= embedded.close().finally(() => process.exit(0));
  };
  process.on("message", (message: { type?: string }) => {
    if (message?.type === "stop") shutdown();
  });
  process.on("disconnect", shutdown);
  process.send?.({ type: "ready", url: embedded.url, migrateMs: performance.now() - started } satisfies PgliteHostMessage);
} catch (error) {
  const message: PgliteHostMessage = { type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  if (process.send) process.send(message, undefined, {}, () => process.exit(1));
  else process.exit(1);
}
