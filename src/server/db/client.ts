// Server code only: importing this from a client component fails the build (scripts run with
// `--conditions=react-server`, tests alias it to a stub).
import "server-only";
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { env } from "../platform/env";
import { logger } from "../platform/logger";
import { dbConnectionReleased, dbConnectionTaken, setDbPoolMax } from "../platform/metrics";
import { APP_ROLE } from "./roles";

/**
 * No schema is registered with the client: services query the tables they import from
 * their own module (Drizzle's relational `db.query.*` API is not used), so this layer
 * never needs to know the modules.
 */
export type Db = PostgresJsDatabase;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the pool or an open transaction: services take this so callers choose. */
export type DbOrTx = Db | Tx;

type Runtime = { sql: postgres.Sql; db: Db; roleChecked?: Promise<void> };

// Survives Next's dev hot reloads, which re-evaluate modules but keep globalThis.
const globalStore = globalThis as unknown as { __neuroopsRuntimeDb?: Runtime };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` / `npm start`, which start the embedded database, or set DATABASE_URL.",
    );
  }
  return url;
}

/**
 * A postgres.js pool whose every connection runs as the app role. On a real Postgres
 * the role is a startup option, so even `RESET ROLE` returns to it; the embedded
 * database is one session whose role the start script sets after migrating.
 */
export function createRuntimeSql(url: string, max: number): postgres.Sql {
  return postgres(url, {
    max,
    prepare: false, // safe behind PgBouncer in transaction mode
    connect_timeout: 5,
    idle_timeout: 60,
    // After a failed connection postgres.js waits before the next attempt, by default up to
    // 20 s (3^failures / 100 s), and queries queue behind that wait: during an outage requests
    // hung instead of answering 503, and after it the pool took that long to come back
    // (src/server/api/db-outage.test.ts). Retry within a second at most.
    backoff: (failures: number) => Math.min(0.05 * 2 ** failures, 1),
    onnotice: () => {},
    // jit=off: the app's queries are short index lookups, where compiling a plan (tens of ms
    // once a cost estimate crosses jit_above_cost) costs more than it saves (bench:crm).
    connection: { application_name: "neuroops", options: `-c role=${APP_ROLE} -c jit=off` },
    types: { bigint: postgres.BigInt },
  });
}

/**
 * Counts the pool's connections held by a transaction (neuroops_db_pool_connections
 * {state="in_use"}): postgres.js exposes no pool figures, and every transaction of the app
 * (withTenant, withUser, `runtimeDb().transaction`) goes through `sql.begin`. From the
 * callback's start (BEGIN done) to its end; single statements outside a transaction hold a
 * connection for one round trip and are not counted.
 */
function countingTransactions(sql: postgres.Sql, max: number): postgres.Sql {
  setDbPoolMax(max);
  const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
  const counted = (...args: unknown[]) => {
    const fn = args.pop() as (tx: unknown) => unknown;
    return begin(...args, async (tx: unknown) => {
      dbConnectionTaken();
      try {
        return await fn(tx);
      } finally {
        dbConnectionReleased();
      }
    });
  };
  return Object.assign(sql, { begin: counted as postgres.Sql["begin"] });
}

function runtime(): Runtime {
  if (!globalStore.__neuroopsRuntimeDb) {
    const max = env().DATABASE_POOL_MAX;
    const sql = countingTransactions(createRuntimeSql(databaseUrl(), max), max);
    globalStore.__neuroopsRuntimeDb = { sql, db: drizzle(sql, { casing: "snake_case" }) };
  }
  return globalStore.__neuroopsRuntimeDb;
}

/** The runtime pool (app role). Tenant data is only visible inside `withTenant`. */
export function runtimeDb(): Db {
  return runtime().db;
}

export function runtimeSql(): postgres.Sql {
  return runtime().sql;
}

export class UnsafeDatabaseRoleError extends Error {}

/**
 * Refuses to serve when the runtime connection could bypass row-level security:
 * superuser, BYPASSRLS, owner of a tenant table, or able to become such a role.
 */
export async function assertSafeRuntimeRole(sql: postgres.Sql = runtimeSql()): Promise<void> {
  const [row] = await sql<
    { current_user: string; rolsuper: boolean; rolbypassrls: boolean; owned_tenant_tables: string[]; can_become: string[] }[]
  >`
    select current_user,
           r.rolsuper,
           r.rolbypassrls,
           coalesce((select array_agg(c.relname::text order by c.relname)
                       from pg_class c
                       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                      where c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'USAGE')), '{}') as owned_tenant_tables,
           coalesce((select array_agg(o.rolname::text order by o.rolname)
                       from pg_roles o
                      where o.rolname <> current_user
                        and (o.rolsuper or o.rolbypassrls)
                        and pg_has_role(current_user, o.oid, 'MEMBER')), '{}') as can_become
      from pg_roles r
     where r.rolname = current_user`;
  const problems: string[] = [];
  if (!row) problems.push("could not read the attributes of the current role");
  else {
    if (row.rolsuper) problems.push(`role "${row.current_user}" is a superuser`);
    if (row.rolbypassrls) problems.push(`role "${row.current_user}" has BYPASSRLS`);
    if (row.owned_tenant_tables.length > 0)
      problems.push(`role "${row.current_user}" owns tenant tables (${row.owned_tenant_tables.join(", ")})`);
    if (row.can_become.length > 0)
      problems.push(`role "${row.current_user}" can become ${row.can_become.join(", ")}`);
  }
  if (problems.length > 0) {
    throw new UnsafeDatabaseRoleError(
      `Refusing to serve: the runtime database role would bypass row-level security: ${problems.join("; ")}. ` +
        `Runtime connections must run as "${APP_ROLE}" (created by the migrations; connect as a member of it).`,
    );
  }
}

/** Runs the role check once per process (memoized); a failure to connect is retried next time. */
export function ensureSafeRuntimeRole(): Promise<void> {
  const rt = runtime();
  rt.roleChecked ??= assertSafeRuntimeRole(rt.sql).catch((error: unknown) => {
    if (!(error instanceof UnsafeDatabaseRoleError)) rt.roleChecked = undefined;
    else logger.fatal({ err: error }, error.message);
    throw error;
  });
  return rt.roleChecked;
}

export async function closeRuntimeDb(): Promise<void> {
  const rt = globalStore.__neuroopsRuntimeDb;
  globalStore.__neuroopsRuntimeDb = undefined;
  await rt?.sql.end({ timeout: 5 });
}
