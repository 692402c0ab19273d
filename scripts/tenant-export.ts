/**
 * Dumps ONE tenant's rows, for a per-tenant backup or a move to another database:
 *   npm run tenant:export -- --org <slug> | --tenant <uuid> [--format sql|csv] [--out <path>]
 *
 * Every base table of the public schema with a `tenant_id` column is read (the list comes from
 * information_schema at run time, so a new module's tables are included without a change here)
 * with `COPY (select … where tenant_id = …) TO STDOUT`, plus the tenant's own `tenants` row and
 * the `users` rows of its members, which the memberships point at.
 *
 * --format sql (default): one file of `COPY … FROM stdin` blocks in foreign-key order, restored
 *   with `psql -v ON_ERROR_STOP=1 -f tenant.sql` into a database migrated to the SAME schema
 *   version (docs/operations.md, "Backups").
 * --format csv: a folder with one CSV (with header) per table and a `restore.sql` that loads them
 *   with psql's `\copy` in the same order.
 *
 * Reads DATABASE_URL (the owner login, or a superuser). Exit 1 when the tenant does not exist,
 * 2 for bad arguments.
 */
import "./load-env";
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { env } from "../src/server/platform/env";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ExportFormat = "sql" | "csv";

export type ExportedTable = {
  table: string;
  columns: string[];
  /** The rows' filter, a SQL condition (the tenant id is a checked uuid literal: COPY takes no parameters). */
  where: string;
  identity: string[];
  rows: number;
};

export type TenantExport = { tenantId: string; slug: string; tables: ExportedTable[] };

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Tables to export and their filters: the tenant-keyed ones, the tenant itself, its members' users. */
async function plan(sql: postgres.TransactionSql, tenantId: string): Promise<Omit<ExportedTable, "rows">[]> {
  const columns = await sql<{ table_name: string; column_name: string; is_identity: string }[]>`
    select c.table_name, c.column_name, c.is_identity
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      -- generated columns are computed again on restore; COPY FROM refuses them
      and c.is_generated = 'NEVER'
      and (c.table_name in ('tenants', 'users')
           or c.table_name in (select table_name from information_schema.columns
                               where table_schema = 'public' and column_name = 'tenant_id'))
    order by c.table_name, c.ordinal_position`;
  const byTable = new Map<string, { columns: string[]; identity: string[] }>();
  for (const row of columns) {
    const entry = byTable.get(row.table_name) ?? { columns: [], identity: [] };
    entry.columns.push(row.column_name);
    if (row.is_identity === "YES") entry.identity.push(row.column_name);
    byTable.set(row.table_name, entry);
  }
  const id = `'${tenantId}'::uuid`;
  const where = (table: string) =>
    table === "tenants"
      ? `id = ${id}`
      : table === "users"
        ? `id in (select user_id from public.memberships where tenant_id = ${id})`
        : `tenant_id = ${id}`;

  // Foreign keys between these tables: a referenced table is loaded before the ones pointing at it.
  const edges = await sql<{ child: string; parent: string }[]>`
    select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace and c.conrelid <> c.confrelid`;
  const names = [...byTable.keys()];
  const parents = new Map(names.map((name) => [name, new Set<string>()]));
  for (const { child, parent } of edges) {
    const c = child.replace(/^public\./, "").replaceAll('"', "");
    const p = parent.replace(/^public\./, "").replaceAll('"', "");
    if (parents.has(c) && parents.has(p)) parents.get(c)!.add(p);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((name) => !placed.has(name) && [...parents.get(name)!].every((p) => placed.has(p)));
    // A cycle would leave nothing ready: keep the rest in name order (none today; a restore
    // that then breaks a foreign key stops with the error, and nothing is written).
    const next = ready.length > 0 ? ready : names.filter((name) => !placed.has(name));
    for (const name of next) {
      ordered.push(name);
      placed.add(name);
    }
  }
  return ordered.map((table) => ({ table, ...byTable.get(table)!, where: where(table) }));
}

const lifted = "neuroops_restore_lifted";

function header(tenantId: string, slug: string, tables: Omit<ExportedTable, "rows">[]): string {
  const names = tables.map((t) => `'${t.table}'`).join(", ");
  return [
    `-- NeuroOps tenant export: ${slug} (${tenantId}), ${new Date().toISOString()}`,
    `-- ${tables.length} tables. Restore into a database migrated to the same schema version, as the`,
    `-- tables' owner (the login of the migrations) or a superuser:`,
    `--   psql -v ON_ERROR_STOP=1 -f <this file>`,
    // One transaction: all rows or none; the settings and table changes below end with it.
    `BEGIN;`,
    `SET LOCAL client_encoding = 'UTF8';`,
    `SET LOCAL standard_conforming_strings = on;`,
    `SELECT set_config('app.tenant_id', '${tenantId}', true), set_config('app.role', 'owner', true);`,
    // COPY FROM refuses a table whose row-level security applies to the caller (FORCEd for the
    // owner), and the ledgers' guard triggers refuse rows that are already posted. Both are
    // lifted for these tables inside this transaction only (its locks keep everyone else out)
    // and put back before COMMIT; the app role's own policies never change.
    `CREATE TEMP TABLE ${lifted} ON COMMIT DROP AS`,
    `  SELECT c.oid::regclass AS rel, c.relforcerowsecurity AS forced,`,
    `         EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal) AS guarded`,
    `  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY (ARRAY[${names}]);`,
    `DO $$ DECLARE r record; BEGIN`,
    `  FOR r IN SELECT * FROM ${lifted} LOOP`,
    `    IF r.forced THEN EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', r.rel); END IF;`,
    `    IF r.guarded THEN EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', r.rel); END IF;`,
    `  END LOOP;`,
    `END $$;`,
    "",
  ].join("\n");
}

/** After the rows: the lifted protections back, and identity sequences past the restored ids. */
function footer(tables: Omit<ExportedTable, "rows">[]): string {
  const sequences = tables.flatMap((t) =>
    t.identity.map((column) => {
      const seq = `pg_get_serial_sequence('public.${ident(t.table)}', '${column}')`;
      return `SELECT setval(${seq}, greatest((SELECT max(${ident(column)}) FROM public.${ident(t.table)}), (SELECT last_value FROM pg_sequences WHERE schemaname = 'public' AND sequencename = split_part(${seq}, '.', 2)), 1));`;
    }),
  );
  return [
    "",
    `DO $$ DECLARE r record; BEGIN`,
    `  FOR r IN SELECT * FROM ${lifted} LOOP`,
    `    IF r.forced THEN EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', r.rel); END IF;`,
    `    IF r.guarded THEN EXECUTE format('ALTER TABLE %s ENABLE TRIGGER USER', r.rel); END IF;`,
    `  END LOOP;`,
    `END $$;`,
    ...sequences,
    "COMMIT;",
    "",
  ].join("\n");
}

async function copyOut(tx: postgres.TransactionSql, t: Omit<ExportedTable, "rows">, options: string, target: fs.WriteStream): Promise<void> {
  const query = `copy (select ${t.columns.map(ident).join(", ")} from public.${ident(t.table)} where ${t.where}) to stdout ${options}`;
  const stream = await tx.unsafe(query).readable();
  // Into the open file, which stays open for the next table (a pipeline would end it).
  for await (const chunk of stream) {
    if (!target.write(chunk)) await once(target, "drain");
  }
}

async function count(tx: postgres.TransactionSql, t: Omit<ExportedTable, "rows">): Promise<number> {
  const [row] = await tx.unsafe<{ n: string }[]>(`select count(*) as n from public.${ident(t.table)} where ${t.where}`);
  return Number(row!.n);
}

export async function exportTenant(
  databaseUrl: string,
  selector: { tenantId?: string; slug?: string },
  format: ExportFormat,
  out: string,
): Promise<TenantExport> {
  if (selector.tenantId && !UUID.test(selector.tenantId)) throw new Error(`--tenant must be a uuid, got "${selector.tenantId}".`);
  const sql = postgres(databaseUrl, { max: 1, prepare: false, onnotice: () => {} });
  try {
    return await sql.begin("isolation level repeatable read read only", async (tx) => {
      const [tenant] = selector.tenantId
        ? await tx<{ id: string; slug: string }[]>`select id, slug from tenants where id = ${selector.tenantId}`
        : await tx<{ id: string; slug: string }[]>`select id, slug from tenants where slug = ${selector.slug ?? ""}`;
      if (!tenant) throw new Error(`No organization ${selector.tenantId ?? selector.slug}.`);
      // Read under the tenant's settings as well: a login subject to RLS (the owner, FORCEd)
      // then sees exactly this tenant; a superuser bypasses RLS and the WHERE clauses filter.
      await tx`select set_config('app.tenant_id', ${tenant.id}, true), set_config('app.role', 'owner', true)`;
      const tables = await plan(tx, tenant.id);
      const result: ExportedTable[] = [];
      if (format === "sql") {
        const file = fs.createWriteStream(out);
        file.write(header(tenant.id, tenant.slug, tables));
        for (const t of tables) {
          result.push({ ...t, rows: await count(tx, t) });
          file.write(`\nCOPY public.${ident(t.table)} (${t.columns.map(ident).join(", ")}) FROM stdin;\n`);
          await copyOut(tx, t, "", file);
          file.write("\\.\n");
        }
        file.end(footer(tables));
        await new Promise<void>((resolve, reject) => file.on("finish", resolve).on("error", reject));
      } else {
        fs.mkdirSync(out, { recursive: true });
        const restore = [header(tenant.id, tenant.slug, tables)];
        for (const t of tables) {
          result.push({ ...t, rows: await count(tx, t) });
          const file = fs.createWriteStream(path.join(out, `${t.table}.csv`));
          await copyOut(tx, t, "with (format csv, header true)", file);
          file.end();
          await new Promise<void>((resolve, reject) => file.on("finish", resolve).on("error", reject));
          restore.push(`\\copy public.${ident(t.table)} (${t.columns.map(ident).join(", ")}) from '${t.table}.csv' with (format csv, header true)`);
        }
        restore.push(footer(tables));
        fs.writeFileSync(path.join(out, "restore.sql"), restore.join("\n"));
      }
      return { tenantId: tenant.id, slug: tenant.slug, tables: result };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main() {
  let values: { org?: string; tenant?: string; format?: string; out?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { org: { type: "string" }, tenant: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
    }));
    if (!values.org === !values.tenant) throw new Error("Give exactly one of --org <slug> or --tenant <uuid>.");
    if (values.format && values.format !== "sql" && values.format !== "csv") throw new Error(`--format is sql or csv, got "${values.format}".`);
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run tenant:export -- --org <slug> | --tenant <uuid> [--format sql|csv] [--out <path>]`);
    process.exit(2);
  }
  const url = env().DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set: point it at the server (owner login or a superuser) to export from.");
    process.exit(1);
  }
  const format = (values.format ?? "sql") as ExportFormat;
  const out = values.out ?? `tenant-${values.org ?? values.tenant}${format === "sql" ? ".sql" : ""}`;
  try {
    const result = await exportTenant(url, { slug: values.org, tenantId: values.tenant }, format, out);
    const rows = result.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Exported ${result.slug} (${result.tenantId}): ${rows} rows from ${result.tables.length} tables to ${out}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
