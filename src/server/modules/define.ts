import type { z } from "zod";
import type { Actor, TenantTx } from "../db/tenant";
import type { JobActor, JobDefinition } from "../jobs/define";
import type { EventDefinition } from "../jobs/events";
import type { Searcher } from "../records/search";
import type { HomeContribution } from "./home-types";
import type { ModuleNav } from "./nav-types";
import type { UsageLimit } from "./orgs/limits";
import type { MemberRole } from "./orgs/roles";

/**
 * What a module does to a tenant's life, and nothing else: `modules/lifecycle.ts`
 * lists these so orgs can call them without importing the modules themselves (the
 * import graph stays acyclic). Each hook runs inside the tenant's transaction.
 */
export type ModuleLifecycle = {
  module: string;
  /** A new organization (right after its owner's membership): what the module starts with. */
  onTenantCreated?(tx: TenantTx): Promise<void>;
  /** The demo organization's data, created through the module's own services. */
  seedDemo?(tx: TenantTx, people: DemoPeople): Promise<void>;
};

export type DemoPeople = { owner: JobActor; colleague: JobActor };

/**
 * A module declares itself once (`src/server/modules/<id>/module.ts`) and is listed once
 * in `src/server/modules/index.ts`. The lower layers (db, jobs, platform) never name a
 * module: they get what they need from this list through the composition root.
 */
export type ModuleManifest = {
  id: string;
  /** Jobs it runs (event subscribers and schedules): the only way a job gets registered. */
  jobs?: JobDefinition[];
  /** Events it publishes: its part of the event catalog. Each needs a subscriber somewhere. */
  events?: EventDefinition[];
  lifecycle?: ModuleLifecycle;
  /** Client-safe sidebar and settings entries (the same object `modules/nav.ts` lists). */
  nav?: ModuleNav;
  /** The plan limits it counts (keys of orgs/plans.ts's LIMIT_KEYS), each counted by this module only. */
  limits?: UsageLimit[];
  /** What the global search finds among its records (one searcher per kind of record). */
  searchers?: Searcher[];
  /** What it shows on the home page: sections and getting-started steps (home-types.ts). */
  home?: HomeContribution;
  /** Read-only tools the AI assistant may call over its data (src/server/modules/ai/tools). */
  aiTools?: AiTool[];
};

/** A business record an AI answer can cite: the assistant links it (`href` relative to /t/[slug]). */
export type AiRecordRef = { recordType: "contact" | "company" | "deal" | "invoice" | "bill" | "product" | "account"; id: string; label: string; href: string };

/**
 * A read-only tool of the AI assistant, declared by the module that owns the data. It runs as
 * the asking member, inside a tenant transaction of its own with their role (RLS and record
 * visibility apply), and must never change anything. `data` goes to the model as JSON (keep
 * it small); `records` are what the answer may cite.
 */
export type AiTool<TInput = unknown> = {
  /** snake_case, unique across modules. */
  name: string;
  /** For the model: what it answers and when to use it. */
  description: string;
  input: z.ZodType<TInput>;
  /** Members below this role do not get the tool at all. */
  minimumRole: MemberRole;
  run(tx: TenantTx, actor: Actor, input: TInput): Promise<{ data: unknown; records: AiRecordRef[] }>;
};

export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  if (manifest.lifecycle && manifest.lifecycle.module !== manifest.id) {
    throw new Error(`module ${manifest.id}: its lifecycle says it belongs to ${manifest.lifecycle.module}`);
  }
  if (manifest.nav && manifest.nav.module !== manifest.id) {
    throw new Error(`module ${manifest.id}: its nav says it belongs to ${manifest.nav.module}`);
  }
  return manifest;
}

/** How long a text field of a tool's answer may be: the model needs the gist, and its context is paid for. */
export const AI_TOOL_TEXT_LIMIT = 120;

/** A text cut to `max` characters with an ellipsis, for a tool's answer (null stays null). */
export function clipForModel<T extends string | null>(text: T, max = AI_TOOL_TEXT_LIMIT): T {
  if (text === null || text.length <= max) return text;
  return `${text.slice(0, max - 1)}…` as T;
}
