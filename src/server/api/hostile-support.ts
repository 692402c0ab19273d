import { sql } from "drizzle-orm";
import superjson from "superjson";
import { GET, POST } from "../../app/api/trpc/[trpc]/route";
import type { callerFor } from "../../test/fixtures";
import { withTenant } from "../db/tenant";
import { INTERNAL_ERROR_MESSAGE } from "./errors";

/*
 * Helpers of the hostile-input suites: what a case of the isolation table calls, a tRPC
 * call over the real route with superjson (so NaN, Infinity, bigints and dates travel as
 * the browser would send them), and a fingerprint of everything a tenant holds.
 */

export type Caller = ReturnType<typeof callerFor>;

class Captured extends Error {
  constructor(readonly input: unknown) {
    super("captured");
  }
}

/**
 * The input a case of the isolation table calls its own procedure (`path`) with. Calls to
 * other procedures on the way (a case creating the note it then updates) run for real;
 * the call to `path` itself is only recorded. Undefined when the case never calls `path`.
 */
export async function captureInput(path: string, call: (api: Caller) => Promise<unknown>, real: Caller): Promise<{ input: unknown } | undefined> {
  const recorder = (segments: string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === "string" ? recorder([...segments, key]) : undefined),
      apply: (_target, _this, args: unknown[]) => {
        if (segments.join(".") === path) throw new Captured(args[0]);
        const procedure = segments.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], real) as (...a: unknown[]) => unknown;
        return procedure(...args);
      },
    });
  try {
    await call(recorder([]) as Caller);
  } catch (error) {
    if (error instanceof Captured) return { input: error.input };
    throw error;
  }
  return undefined;
}

export type HttpOutcome = { status: number; message: string };

/** One tRPC call through the /api/trpc route handler: a query as GET, a mutation as POST. */
export async function trpcOverHttp(path: string, type: "query" | "mutation", input: unknown, headers: Record<string, string>): Promise<HttpOutcome> {
  const payload = JSON.stringify(superjson.serialize(input));
  const url = new URL(`http://localhost/api/trpc/${path}`);
  if (type === "query") url.searchParams.set("input", payload);
  const request = new Request(url, {
    method: type === "query" ? "GET" : "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: type === "mutation" ? payload : undefined,
  });
  const response = await (type === "query" ? GET : POST)(request);
  const body = (await response.json()) as { error?: { json?: { message?: string } } };
  return { status: response.status, message: body.error?.json?.message ?? "" };
}

/** Why an outcome is not a clear refusal (a 4xx with a message of ours), or null when it is one. */
export function notARefusal(outcome: HttpOutcome): string | null {
  if (outcome.status < 400 || outcome.status >= 500) return `answered ${outcome.status}`;
  if (!outcome.message || outcome.message === INTERNAL_ERROR_MESSAGE) return `answered ${outcome.status} without a clear message`;
  return null;
}

let tenantTables: Promise<string[]> | undefined;

/** Every table the app role can read that has a tenant_id column. */
function readableTenantTables(tenantId: string): Promise<string[]> {
  tenantTables ??= withTenant({ tenantId }, async (tx) => {
    const rows = await tx.execute<{ name: string }>(sql`
      select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
       where c.relkind in ('r', 'p')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
         and has_table_privilege(c.oid, 'SELECT')
       order by 1`);
    return rows.map((row) => row.name);
  });
  return tenantTables;
}

/**
 * A fingerprint of everything the tenant holds: per tenant table, its row count and an md5
 * of its rows' text (as its owner sees them), plus the tenant's own row. Equal before and
 * after means nothing changed.
 */
export async function tenantSnapshot(tenantId: string, ownerId: string): Promise<Record<string, string>> {
  const tables = await readableTenantTables(tenantId);
  return withTenant({ tenantId, userId: ownerId, role: "owner" }, async (tx) => {
    const parts = tables.map(
      (table) => sql`select ${table} as name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as print from ${sql.identifier(table)} t`,
    );
    parts.push(sql`select 'tenants' as name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|'), '')) as print from tenants t where t.id = ${tenantId}`);
    const rows = await tx.execute<{ name: string; print: string }>(sql.join(parts, sql` union all `));
    return Object.fromEntries(rows.map((row) => [row.name, row.print]));
  });
}

/** The tenant tables (and the tenant's row) whose rows' text contains `marker`. */
export async function tablesContaining(tenantId: string, ownerId: string, marker: string): Promise<string[]> {
  const tables = await readableTenantTables(tenantId);
  return withTenant({ tenantId, userId: ownerId, role: "owner" }, async (tx) => {
    const parts = tables.map((table) => sql`select ${table} as name from ${sql.identifier(table)} t where strpos(t::text, ${marker}) > 0`);
    parts.push(sql`select 'tenants' as name from tenants t where t.id = ${tenantId} and strpos(t::text, ${marker}) > 0`);
    const rows = await tx.execute<{ name: string }>(sql`select distinct name from (${sql.join(parts, sql` union all `)}) found`);
    return rows.map((row) => row.name);
  });
}
