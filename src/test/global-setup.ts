import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "../server/db/embedded";
import { migrateDatabase } from "../server/db/migrate";

/**
 * With TEST_DATABASE_URL (or DATABASE_URL) set, tests use that Postgres server: the
 * migrations run once into a template database and every test file gets its own copy.
 * Without either, the migrations run once into an in-memory embedded PGlite whose data
 * directory is saved as a tarball, and every test file starts its own PGlite from it (about
 * a third of the time of migrating each file's own: the embedded run is mostly set-up).
 */
declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { mode: "postgres"; adminUrl: string; template: string } | { mode: "embedded"; snapshot: string };
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedDatabase();
    const snapshot = path.join(os.tmpdir(), `neuroops-pglite-${process.pid}-${Date.now().toString(36)}.tar`);
    try {
      await migrateDatabase(embedded.url);
      fs.writeFileSync(snapshot, Buffer.from(await (await embedded.dumpDataDir()).arrayBuffer()));
    } finally {
      await embedded.close();
    }
    project.provide("testDatabase", { mode: "embedded", snapshot });
    return () => fs.rmSync(snapshot, { force: true });
  }
  const template = `neuroops_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  await migrateDatabase(withDatabase(adminUrl, template));
  project.provide("testDatabase", { mode: "postgres", adminUrl, template });

  return async () => {
    // Drop this run's databases (template and per-file copies).
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`neuroops_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}
