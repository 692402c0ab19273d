/**
 * `npm run dev` / `npm start`. With no DATABASE_URL: starts the embedded PGlite under
 * DATA_DIR, applies migrations, seeds the demo data on first start, then runs Next
 * against it through postgres.js (one connection: PGlite is a single session).
 */
import "./load-env";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeRuntimeDb } from "../src/server/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/server/db/embedded";
import { migrateDatabase } from "../src/server/db/migrate";
import { DEMO, seedDemoData } from "../src/server/modules/orgs/demo";
import { env, InvalidEnvironmentError, reloadEnv } from "../src/server/platform/env";
import { SERVER_NODE_FLAGS } from "./node-flags";

const mode = process.argv[2] === "start" ? "start" : "dev";

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof InvalidEnvironmentError ? error.message : error);
    process.exit(1);
  }
  const dataDir = path.resolve(config.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(config.PORT),
    NEXTAUTH_SECRET: config.NEXTAUTH_SECRET ?? readOrCreateSecret(dataDir),
    NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
  };

  let embedded: EmbeddedDatabase | undefined;
  if (!config.DATABASE_URL) {
    const pgliteDir = path.join(dataDir, "pglite");
    console.log(`[neuroops] no DATABASE_URL: starting the embedded database in ${pgliteDir}`);
    embedded = await startEmbeddedDatabase({ dataDir: pgliteDir });
    await migrateDatabase(embedded.url);
    await embedded.switchToAppRole();
    process.env.DATABASE_URL = embedded.url;
    process.env.DATABASE_POOL_MAX = "1";
    process.env.NEXTAUTH_SECRET = childEnv.NEXTAUTH_SECRET;
    reloadEnv();
    const { created } = await seedDemoData();
    await closeRuntimeDb();
    console.log(
      `[neuroops] embedded database ready${created ? " (demo data created)" : ""}. Demo sign-in: ${DEMO.owner.email} / ${DEMO.owner.password}`,
    );
    childEnv.DATABASE_URL = embedded.url;
    childEnv.DATABASE_POOL_MAX = "1";
    childEnv.EMBEDDED_DATABASE = "1";
  }

  const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, nextBin, mode, "-p", String(config.PORT)], { stdio: "inherit", env: childEnv });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null) child.kill("SIGTERM");
    await embedded?.close(); // flushes PGlite's files
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

await main();
