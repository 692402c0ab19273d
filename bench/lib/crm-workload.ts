/**
 * What `npm run bench:crm` asks for, and the SQL the services send for it.
 *
 * Each scenario is a pool of concrete requests (a tenant, the member asking, a tRPC
 * procedure and its input). The SQL of every request is captured once by calling the
 * real service (listContacts, globalSearch) in a tenant transaction on a client built by
 * the app's own createRuntimeSql, with a drizzle logger: the direct baseline then replays
 * exactly that text with those parameters, so it can never drift from the service.
 */
import postgres from "postgres";
import { BENCH_TAGS, type BenchMember, type BenchTenant } from "./crm-data";

export type ScenarioKey = "list" | "filtered" | "deep" | "deepName" | "search";

export type Scenario = { key: ScenarioKey; label: string; kind: "list" | "search" };

export const SCENARIOS: Scenario[] = [
  { key: "list", label: "(1) contacts, first page by updated", kind: "list" },
  { key: "filtered", label: "(2) customer + owner + tag, by name", kind: "list" },
  { key: "deep", label: "(3) deep page by updated (cursor)", kind: "list" },
  { key: "deepName", label: "(3b) deep page by name (cursor)", kind: "list" },
  { key: "search", label: "(4) global search", kind: "search" },
];

export type Statement = { text: string; params: unknown[] };

export type Request = {
  scenario: ScenarioKey;
  tenant: BenchTenant;
  member: BenchMember;
  procedure: "crm.contacts.list" | "search.query";
  input: Record<string, unknown>;
  /** A short description for the report (the search term, the cursor's depth). */
  note: string;
  /** The statements the service sends inside the tenant transaction, in order. */
  statements: Statement[];
};

/** The member a tenant's requests are made as: a plain member (a sales rep), not an owner or admin. */
export function benchMember(tenant: BenchTenant): BenchMember {
  const member = tenant.members.find((m) => m.role === "member");
  if (!member) throw new Error(`tenant ${tenant.slug} has no member with the member role`);
  return member;
}

const PAGE = 50;

type Draft = Omit<Request, "statements">;

/** The scope statement of withTenant (src/server/db/tenant.ts), with the member's role that tenantProcedure sets. */
export const SCOPE_SQL = `select set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.user_id', $3, true),
  set_config('app.request_id', '', true), set_config('app.role', $4, true)`;

const pickOne = <T>(list: T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** A small deterministic PRNG (mulberry32): the same scale gives the same requests on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drafts of every scenario's requests for `tenants`, read from the data (owner connection: tenant named in every query). */
export async function draftRequests(ownerUrl: string, tenants: BenchTenant[], perTenant: number): Promise<Draft[]> {
  const sql = postgres(ownerUrl, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  const drafts: Draft[] = [];
  try {
    for (const [index, tenant] of tenants.entries()) {
      const random = prng(1000 + index);
      const member = benchMember(tenant);
      const base = { tenant, member };
      const contactsList = (input: Record<string, unknown>, scenario: ScenarioKey, note: string) =>
        drafts.push({ ...base, scenario, procedure: "crm.contacts.list", input, note });

      for (let i = 0; i < Math.min(perTenant, 5); i++) {
        contactsList({ sort: { field: "updatedAt", direction: "desc" }, limit: PAGE }, "list", "first page");
      }

      const owners = tenant.members.map((m) => m.id);
      const popularTags = BENCH_TAGS.filter((tag) => ["newsletter", "smb", "inbound", "webinar", "enterprise", "trade-show"].includes(tag));
      for (let i = 0; i < perTenant; i++) {
        const ownerId = pickOne(owners, random);
        const tag = pickOne(popularTags, random);
        contactsList(
          { filters: { lifecycleStages: ["customer"], ownerIds: [ownerId], tags: [tag] }, sort: { field: "name", direction: "asc" }, limit: PAGE },
          "filtered",
          `owner ${tenant.members.findIndex((m) => m.id === ownerId) + 1}, tag ${tag}`,
        );
      }

      const [{ live } = { live: 0 }] = await sql<{ live: number }[]>`
        select count(*)::int as live from crm_contacts where tenant_id = ${tenant.id} and merged_into_id is null`;
      // Cursors as listContacts prints them (cursorColumn in lists.ts): json of the sort key, base64url.
      for (const [scenario, key, sort] of [
        ["deep", "json_build_array(c.updated_at, c.id)::text", { field: "updatedAt", direction: "desc" }],
        ["deepName", "json_build_array(lower(c.last_name), lower(c.first_name), c.id)::text", { field: "name", direction: "asc" }],
      ] as const) {
        const order = scenario === "deep" ? "c.updated_at desc, c.id desc" : "lower(c.last_name), lower(c.first_name), c.id";
        const depths = Array.from({ length: perTenant }, () => 1 + Math.floor(live * (0.3 + 0.4 * random())));
        // One sort per tenant and order (not one per cursor): the rows at those depths.
        const rows = await sql.unsafe<{ key: string; depth: number }[]>(
          `select key, depth::int from (select ${key} as key, row_number() over (order by ${order}) as depth
             from crm_contacts c where c.tenant_id = $1 and c.merged_into_id is null) ranked where depth = any($2::bigint[])`,
          [tenant.id, depths],
        );
        const byDepth = new Map(rows.map((r) => [r.depth, r.key]));
        for (const depth of depths) {
          const cursorKey = byDepth.get(depth);
          if (!cursorKey) continue;
          contactsList({ sort, cursor: Buffer.from(cursorKey).toString("base64url"), limit: PAGE }, scenario, `after row ${depth.toLocaleString("en-US")}`);
        }
      }

      const people = await sql<{ first_name: string; last_name: string; primary_email: string }[]>`
        select first_name, last_name, primary_email from crm_contacts
         where tenant_id = ${tenant.id} and merged_into_id is null and primary_email is not null
         order by md5(id::text) limit ${perTenant * 2}`;
      const companies = await sql<{ name: string; domain: string | null }[]>`
        select name, domain from crm_companies where tenant_id = ${tenant.id} order by md5(id::text) limit ${perTenant}`;
      const prefix = (word: string, min: number, max: number) => word.slice(0, min + Math.floor(random() * (max - min + 1)));
      // What people type: the start of a first or last name (2–6 letters), first name and
      // the start of the last, a piece of an email, a company's name or domain.
      const termMakers: [string, () => string][] = [
        ["first name, 2–3 letters", () => prefix(pickOne(people, random).first_name, 2, 3)],
        ["first name, 4–6 letters", () => prefix(pickOne(people, random).first_name, 4, 6)],
        ["last name, 2–4 letters", () => prefix(pickOne(people, random).last_name, 2, 4)],
        ["last name, 5–6 letters", () => prefix(pickOne(people, random).last_name, 5, 6)],
        ["first + start of last", () => {
          const p = pickOne(people, random);
          return `${p.first_name} ${prefix(p.last_name, 2, 4)}`;
        }],
        ["email, start of local part", () => {
          const email = pickOne(people, random).primary_email;
          return prefix(email, Math.min(email.indexOf("@"), 8), Math.max(8, email.indexOf("@")));
        }],
        ["company domain", () => prefix(pickOne(companies, random).domain ?? "acme", 4, 9)],
        ["company name, one word", () => prefix(pickOne(companies, random).name, 3, 6)],
        ["company name, two words", () => {
          const [a, b] = pickOne(companies, random).name.split(" ");
          return `${a} ${prefix(b ?? "", 2, 5)}`;
        }],
      ];
      for (let i = 0; i < perTenant; i++) {
        const [kind, make] = termMakers[i % termMakers.length]!;
        const q = make();
        drafts.push({ ...base, scenario: "search", procedure: "search.query", input: { q, limit: 20 }, note: `"${q}" (${kind})` });
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return drafts;
}

/**
 * Runs each draft's service once in a tenant transaction (app role, the member's ids and
 * role, as tenantProcedure does) and keeps the statements it sent. Imports app code, so
 * the caller sets the app's environment (DATABASE_URL…) first.
 */
export async function captureStatements(url: string, drafts: Draft[]): Promise<Request[]> {
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { sql } = await import("drizzle-orm");
  const { createRuntimeSql } = await import("../../src/server/db/client");
  const { APP_ROLE } = await import("../../src/server/db/roles");
  const { listContacts } = await import("../../src/server/modules/crm/contacts/contacts");
  const { globalSearch } = await import("../../src/server/modules/crm/search");
  type TenantTx = Parameters<typeof listContacts>[0];

  let sent: Statement[] | null = null;
  const client = createRuntimeSql(url, 1);
  const db = drizzle(client, {
    casing: "snake_case",
    logger: { logQuery: (text, params) => sent?.push({ text, params: [...params] }) },
  });
  const requests: Request[] = [];
  try {
    for (const draft of drafts) {
      const statements = await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${APP_ROLE}, true), set_config('app.tenant_id', ${draft.tenant.id}, true),
          set_config('app.user_id', ${draft.member.id}, true), set_config('app.role', ${draft.member.role}, true)`);
        sent = [];
        const scoped = tx as unknown as TenantTx; // what withTenant hands the services
        if (draft.procedure === "crm.contacts.list") await listContacts(scoped, draft.input);
        else await globalSearch(scoped, draft.input as Parameters<typeof globalSearch>[1]);
        const captured = sent;
        sent = null;
        return captured;
      });
      if (!statements.length) throw new Error(`${draft.procedure} sent no SQL for ${JSON.stringify(draft.input)}`);
      requests.push({ ...draft, statements });
    }
  } finally {
    await client.end({ timeout: 5 });
  }
  return requests;
}
