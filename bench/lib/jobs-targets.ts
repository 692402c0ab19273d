/** bench:jobs: where the events go (the machine's Postgres, or the embedded PGlite behind its socket). */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { log, onCleanup, redact, sleep } from "./common";
import { ADMIN_URL, app, BENCH_URL, CHILD_POOL, DB_NAME, KEEP_DB, MAIN_POOL, NOTIFY_TRIGGER, PGLITE_HOST, pointAppAt, ROOT, seedTenant } from "./jobs-config";
import type { PgliteHostMessage } from "./jobs-pglite-host";
import { fmtInt } from "./jobs-stats";

export type Target = {
  kind: "postgres" | "pglite";
  /** Empties the outbox (PGlite: a fresh database); returns the tenant to publish in. */
  prepare(): Promise<string>;
  /** Processes whose CPU is the database's, when they are not named "postgres". */
  databasePids(): number[];
  /** Env for worker children; null when the database takes one connection only. */
  childEnv: Record<string, string> | null;
  /** Turns the outbox NOTIFY trigger (migration 0005) off or on; false if there is none. */
  setNotifyTrigger?(enabled: boolean): Promise<boolean>;
  close(): Promise<void>;
};

export async function postgresTarget(): Promise<{ target: Target; version: string; settings: string }> {
  const admin = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  let version: string;
  try {
    const [row] = await admin<{ version: string }[]>`select version()`;
    version = row?.version ?? "unknown";
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  if (KEEP_DB) onCleanup("keep database", () => log(`BENCH_KEEP_DB=1: kept ${redact(BENCH_URL)}`));
  else
    onCleanup("drop database", async () => {
      const sql = postgres(ADMIN_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
      try {
        await sql.unsafe(`drop database if exists ${DB_NAME} with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    });
  const { migrateDatabase } = await import("../../src/server/db/migrate");
  await migrateDatabase(BENCH_URL);
  log(`created ${DB_NAME} and applied migrations`);

  pointAppAt(BENCH_URL, MAIN_POOL);
  const tenantId = await seedTenant();
  onCleanup("close runtime pool", () => app().closeRuntimeDb());
  log(`tenant ${tenantId}`);

  const owner = postgres(BENCH_URL, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  const closeOwner = onCleanup("close owner connection", () => owner.end({ timeout: 5 }));
  const settingRows = await owner<{ name: string; setting: string; unit: string | null }[]>`
    select name, setting, unit from pg_settings
     where name in ('synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections')
     order by name`;
  const settings = settingRows.map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== "" ? ` ${r.unit}` : ""}`).join(", ");
  let canCheckpoint = true;
  const target: Target = {
    kind: "postgres",
    async prepare() {
      await owner`truncate outbox_events, job_runs`;
      if (canCheckpoint) {
        try {
          await owner`checkpoint`; // so a checkpoint does not land in the middle of a run
        } catch {
          canCheckpoint = false;
        }
      }
      return tenantId;
    },
    databasePids: () => [],
    childEnv: { DATABASE_URL: BENCH_URL, DATABASE_POOL_MAX: String(CHILD_POOL), LOG_LEVEL: "warn" },
    async setNotifyTrigger(enabled) {
      const [row] = await owner<{ n: number }[]>`
        select count(*)::int as n from pg_trigger where tgrelid = 'outbox_events'::regclass and tgname = ${NOTIFY_TRIGGER}`;
      if (!row?.n) return false;
      await owner.unsafe(`alter table outbox_events ${enabled ? "enable" : "disable"} trigger ${NOTIFY_TRIGGER}`);
      return true;
    },
    close: closeOwner,
  };
  return { target, version, settings };
}

export type PgliteHost = { child: ChildProcess; url: string; migrateMs: number; stop(): Promise<void> };

export async function startPgliteHost(dataDir: string): Promise<PgliteHost> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", PGLITE_HOST, dataDir], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<Extract<PgliteHostMessage, { type: "ready" }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PGlite host not ready within 120 s:\n${output}`)), 120_000);
    child.on("message", (message: PgliteHostMessage) => {
      clearTimeout(timer);
      if (message.type === "ready") resolve(message);
      else reject(new Error(`PGlite host failed: ${message.message}\n${output}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PGlite host exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    child,
    url: ready.url,
    migrateMs: ready.migrateMs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send({ type: "stop" });
        const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!stopped) {
          child.kill("SIGKILL");
          await exited;
        }
      }
    },
  };
}

export async function pgliteTarget(): Promise<{ target: Target; version: string }> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "neuroops-bench-jobs-pglite-"));
  onCleanup("remove PGlite data", () => fs.rmSync(base, { recursive: true, force: true }));
  let host: PgliteHost | null = null;
  let generation = 0;
  const stopHost = async () => {
    await app().closeRuntimeDb();
    await host?.stop();
    host = null;
  };
  onCleanup("stop PGlite host", stopHost);
  const target: Target = {
    kind: "pglite",
    async prepare() {
      // A fresh database per run: the app role cannot delete outbox rows, and the single
      // session leaves no room for an owner connection beside the app's.
      await stopHost();
      const dataDir = path.join(base, String(generation++));
      fs.rmSync(path.join(base, String(generation - 2)), { recursive: true, force: true });
      host = await startPgliteHost(dataDir);
      pointAppAt(host.url, 1);
      return seedTenant();
    },
    databasePids: () => (host?.child.pid ? [host.child.pid] : []),
    childEnv: null,
    close: stopHost,
  };
  await target.prepare();
  const [row] = await app().runtimeSql()<{ version: string }[]>`select version()`;
  log(`PGlite host ready (migrations ${fmtInt(host!.migrateMs)} ms)`);
  return { target, version: row?.version ?? "unknown" };
}

