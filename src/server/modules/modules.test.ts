import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inngestFunctions, tenantJobsOf } from "../jobs/registry";
import { ALL_EVENTS, ALL_JOBS, jobHost, MODULES } from ".";
import { TENANT_LIFECYCLE } from "./lifecycle";
import { MODULE_NAV } from "./nav";
import { LIMIT_KEYS } from "./orgs/plans";

const MODULES_DIR = import.meta.dirname;

/** The folders under src/server/modules: each one is a module. */
function moduleFolders(): string[] {
  return fs
    .readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("module manifests", () => {
  it("lists every module folder once, each with a module.ts whose id is its folder", () => {
    const ids = MODULES.map((module) => module.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(moduleFolders());
    for (const folder of moduleFolders()) expect(fs.existsSync(path.join(MODULES_DIR, folder, "module.ts")), `${folder}/module.ts`).toBe(true);
  });

  it("gives every job a unique id", () => {
    const ids = ALL_JOBS.map((job) => job.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares each event once, in one module's catalog", () => {
    const names = ALL_EVENTS.map((event) => event.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has a subscriber for every declared event", () => {
    const subscribed = new Set(tenantJobsOf(ALL_JOBS).map((job) => job.event));
    const unhandled = ALL_EVENTS.map((event) => event.name).filter((name) => !subscribed.has(name));
    expect(unhandled, "events that no job of any manifest handles").toEqual([]);
  });

  it("subscribes jobs only to declared events", () => {
    const declared = new Set(ALL_EVENTS.map((event) => event.name));
    const unknown = tenantJobsOf(ALL_JOBS)
      .filter((job) => !declared.has(job.event))
      .map((job) => `${job.id} → ${job.event}`);
    expect(unknown, "jobs subscribed to an event no manifest declares").toEqual([]);
  });

  it("runs exactly the manifests' lifecycle hooks, in module order", () => {
    const fromManifests = MODULES.flatMap((module) => (module.lifecycle ? [module.lifecycle] : []));
    expect(TENANT_LIFECYCLE).toEqual(fromManifests);
    for (const [i, hooks] of TENANT_LIFECYCLE.entries()) expect(hooks).toBe(fromManifests[i]);
  });

  it("shows exactly the manifests' navigation, in module order", () => {
    const fromManifests = MODULES.flatMap((module) => (module.nav ? [module.nav] : []));
    expect(MODULE_NAV.map((nav) => nav.module)).toEqual(fromManifests.map((nav) => nav.module));
    for (const [i, nav] of MODULE_NAV.entries()) expect(nav).toBe(fromManifests[i]);
    const settingsKeys = MODULE_NAV.flatMap((nav) => nav.settings ?? []).map((tab) => tab.key);
    expect(new Set(settingsKeys).size).toBe(settingsKeys.length);
  });

  it("counts every plan limit in exactly one module", () => {
    const counted = MODULES.flatMap((module) => (module.limits ?? []).map((limit) => limit.key));
    expect([...counted].sort()).toEqual([...LIMIT_KEYS].sort());
    for (const manifest of MODULES) for (const limit of manifest.limits ?? []) expect(limit.key.startsWith(`${manifest.id}.`), `${limit.key} in ${manifest.id}`).toBe(true);
  });

  it("serves every job of every manifest as an Inngest function", () => {
    expect(inngestFunctions(jobHost).map((fn) => fn.id().replace(/^.*?-(?=[a-z]+-)/, ""))).toHaveLength(ALL_JOBS.length);
  });
});

describe("layering", () => {
  const SERVER = path.resolve(MODULES_DIR, "..");

  function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
    });
  }

  it("keeps db, jobs and platform free of module imports (schemas' foreign keys excepted)", () => {
    const offenders: string[] = [];
    for (const layer of ["db", "jobs", "platform"]) {
      for (const file of sourceFiles(path.join(SERVER, layer))) {
        if (file.endsWith("schema.ts")) continue;
        const text = fs.readFileSync(file, "utf8");
        for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
          const target = match[1]!;
          if (target.includes("/modules") || target.startsWith("@/server/modules")) offenders.push(`${path.relative(SERVER, file)} → ${target}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
