import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../server/db/migrate";

/**
 * With TEST_DATABASE_URL (or DATABASE_URL) set, tests use that Postgres server: the
 * migrations run once into a template database and every test file gets its own copy.
 * Without either, every test file starts its own in-memory embedded PGlite.
 */
declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { mode: "postgres"; adminUrl: string; template: string } | { mode: "embedded" };
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
    project.provide("testDatabase", { mode: "embedded" });
    return;
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
