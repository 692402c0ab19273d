import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PLATFORM_TENANT_ID } from "@/server/modules/orgs/constants";
import { createContact } from "@/server/modules/crm/contacts/contacts";
import { cashBooks } from "@/test/accounting/books";
import { createTenant, inTenant } from "@/test/fixtures";
import { exportTenant, type TenantExport } from "./tenant-export";

const config = inject("testDatabase");

function databaseUrl(name: string): string {
  if (config.mode !== "postgres") throw new Error("postgres mode only");
  const url = new URL(config.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One line per table: row count and a digest of its rows in a fixed order. */
async function fingerprint(url: string, result: TenantExport): Promise<Record<string, string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, string> = {};
    for (const t of result.tables) {
      const cols = t.columns.map((c) => `"${c}"`).join(", ");
      const [row] = await sql.unsafe<{ n: string; digest: string | null }[]>(
        `select count(*) as n, md5(string_agg(r::text, '|' order by r::text)) as digest from (select ${cols} from public."${t.table}" where ${t.where}) r`,
      );
      out[t.table] = `${row!.n}:${row!.digest ?? ""}`;
    }
    return out;
  } finally {
    await sql.end();
  }
}

describe.runIf(process.env.TEST_DATABASE_MODE === "postgres")("tenant export (scripts/tenant-export.ts)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-export-"));
  const created: string[] = [];
  let exported: { org: { id: string; slug: string }; other: { id: string } };

  async function emptyDatabase(): Promise<string> {
    if (config.mode !== "postgres") throw new Error("postgres mode only");
    const name = `neuroops_restore_${Math.random().toString(36).slice(2, 10)}`;
    const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
    // The migrated, empty template: the same schema version as the source.
    await admin.unsafe(`create database ${name} template ${config.template}`);
    await admin.end();
    created.push(name);
    return databaseUrl(name);
  }

  beforeAll(async () => {
    // Tenant A has posted journal entries: rows the ledger's guard triggers refuse to insert.
    const books = await cashBooks();
    await books.sale("2026-01-05", "12500");
    await books.expense("2026-01-06", "300");
    const a = { org: books.org, owner: books.owner };
    const b = await createTenant();
    await (await cashBooks()).sale("2026-01-05", "999");
    for (const [t, names] of [
      [a, ["Ada", "Grace"]],
      [b, ["Other"]],
    ] as const) {
      for (const firstName of names) {
        await inTenant(t.org.id, (tx) =>
          createContact(tx, { userId: t.owner.id, role: "owner" }, { firstName, lastName: "Tenant", emails: [{ value: `${firstName.toLowerCase()}-${t.org.slug}@example.test`, label: "work", isPrimary: true }] }),
        );
      }
    }
    exported = { org: a.org, other: b.org };
  });

  afterAll(async () => {
    if (config.mode !== "postgres") return;
    const admin = postgres(config.adminUrl, { max: 1, onnotice: () => {} });
    for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("dumps every tenant_id table of one tenant as SQL that restores into an empty database", async () => {
    const source = process.env.TEST_OWNER_DATABASE_URL!;
    const file = path.join(dir, "a.sql");
    const result = await exportTenant(source, { slug: exported.org.slug }, "sql", file);

    const sql = postgres(source, { max: 1, onnotice: () => {} });
    const keyed = await sql<{ table_name: string }[]>`
      select c.table_name from information_schema.columns c
      join information_schema.tables t using (table_schema, table_name)
      where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'`;
    await sql.end();
    const names = result.tables.map((t) => t.table);
    expect(names).toEqual(expect.arrayContaining([...keyed.map((k) => k.table_name), "tenants", "users"]));
    // Referenced tables come first: the tenant before its memberships, users before memberships.
    expect(names.indexOf("tenants")).toBeLessThan(names.indexOf("memberships"));
    expect(names.indexOf("users")).toBeLessThan(names.indexOf("memberships"));
    const rows = Object.fromEntries(result.tables.map((t) => [t.table, t.rows]));
    expect(rows).toMatchObject({ tenants: 1, users: 1, memberships: 1, crm_contacts: 2, accounting_entries: 2 });
    expect(fs.readFileSync(file, "utf8")).not.toContain(exported.other.id);

    const target = await emptyDatabase();
    execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, target], { stdio: "pipe" });
    expect(await fingerprint(target, result)).toEqual(await fingerprint(source, result));
    const check = postgres(target, { max: 1, onnotice: () => {} });
    // The template's own reserved platform tenant aside, only the exported one.
    expect(await check`select id from tenants where id <> ${PLATFORM_TENANT_ID}`).toEqual([{ id: exported.org.id }]);
    // The protections lifted for the restore are back: forced RLS and the ledger's guards.
    const [state] = await check<{ forced: boolean; guard: string }[]>`
      select (select relforcerowsecurity from pg_class where oid = 'public.accounting_entries'::regclass) as forced,
             (select tgenabled from pg_trigger where tgname = 'accounting_entries_guard') as guard`;
    expect(state).toEqual({ forced: true, guard: "O" });
    await check.end();
  });

  it("writes one CSV per table and a restore.sql that loads them", async () => {
    const source = process.env.TEST_OWNER_DATABASE_URL!;
    const folder = path.join(dir, "csv");
    const result = await exportTenant(source, { tenantId: exported.org.id }, "csv", folder);
    expect(fs.readFileSync(path.join(folder, "crm_contacts.csv"), "utf8").split("\n")[0]).toContain("first_name");

    const target = await emptyDatabase();
    execFileSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "restore.sql", target], { cwd: folder, stdio: "pipe" });
    expect(await fingerprint(target, result)).toEqual(await fingerprint(source, result));
  });

  it("refuses a tenant id that is not a uuid and an unknown organization", async () => {
    const source = process.env.TEST_OWNER_DATABASE_URL!;
    await expect(exportTenant(source, { tenantId: "x'; drop table users; --" }, "sql", path.join(dir, "bad.sql"))).rejects.toThrow(/must be a uuid/);
    await expect(exportTenant(source, { slug: "no-such-org" }, "sql", path.join(dir, "none.sql"))).rejects.toThrow(/No organization/);
    expect(fs.existsSync(path.join(dir, "none.sql"))).toBe(false);
  });
});
