import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { addMember, createTenant, createUser, inTenant, pgFailure } from "../../test/fixtures";
import { recordAudit } from "../modules/audit/service";
import { assertSafeRuntimeRole, runtimeDb, runtimeSql, UnsafeDatabaseRoleError } from "./client";
import { APP_ROLE } from "./roles";
import { withTenant, withUser } from "./tenant";

/** Every table of the public schema that has a tenant_id column, read from the catalog. */
async function tenantTables(): Promise<string[]> {
  const rows = await runtimeSql()<{ table_name: string }[]>`
    select c.relname as table_name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where c.relkind in ('r', 'p')
     order by 1`;
  return rows.map((row) => row.table_name);
}

async function seedTwoTenants() {
  const a = await createTenant();
  const b = await createTenant();
  await inTenant(b.org.id, (tx) => recordAudit(tx, { action: "test.row", entityType: "test" }));
  return { a, b };
}

describe("row-level security catalog", () => {
  it("finds the tenant tables this issue creates", async () => {
    expect(await tenantTables()).toEqual(expect.arrayContaining(["audit_log", "memberships", "outbox_events", "job_runs"]));
  });

  it("forces RLS with a tenant policy (USING and WITH CHECK) on every table with tenant_id", async () => {
    const rows = await runtimeSql()<
      { table_name: string; rls: boolean; forced: boolean; policies: { cmd: string; qual: string | null; check: string | null }[] }[]
    >`
      select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             coalesce(json_agg(json_build_object('cmd', p.cmd, 'qual', p.qual, 'check', p.with_check))
                      filter (where p.policyname is not null), '[]') as policies
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        left join pg_policies p on p.schemaname = 'public' and p.tablename = c.relname
       where c.relkind in ('r', 'p')
       group by c.relname, c.relrowsecurity, c.relforcerowsecurity`;
    const problems: string[] = [];
    for (const row of rows) {
      if (!row.rls) problems.push(`${row.table_name}: RLS not enabled`);
      if (!row.forced) problems.push(`${row.table_name}: RLS not forced`);
      const tenantPolicy = row.policies.find(
        (p) =>
          p.cmd === "ALL" &&
          p.qual?.includes("current_setting('app.tenant_id'") &&
          p.qual.includes("SELECT") &&
          p.check?.includes("current_setting('app.tenant_id'"),
      );
      if (!tenantPolicy) problems.push(`${row.table_name}: no FOR ALL policy on app.tenant_id with USING and WITH CHECK`);
    }
    expect(problems).toEqual([]);
  });

  it("has no policy that lets the app role past the tenant settings", async () => {
    const rows = await runtimeSql()<{ table_name: string; policy: string; roles: string[]; qual: string | null }[]>`
      select p.tablename as table_name, p.policyname as policy, p.roles::text[] as roles, p.qual
        from pg_policies p
       where p.schemaname = 'public'
         and exists (select 1 from pg_attribute a join pg_class c on c.oid = a.attrelid
                      where c.relname = p.tablename and a.attname = 'tenant_id')`;
    const open = rows.filter(
      (r) => (r.roles.includes("public") || r.roles.includes(APP_ROLE)) && !r.qual?.includes("current_setting('app."),
    );
    expect(open).toEqual([]);
  });

  // Each exception is a cross-tenant access path that RLS still guards: a user's own
  // memberships, the worker's claim of due events (through a narrow function), and Stripe's
  // ids, unique across tenants (a Stripe customer or subscription belongs to one organization),
  // looked up only by the narrow neuroops_billing_tenant_of (drizzle/0030).
  const INDEX_EXCEPTIONS = ["memberships_user_idx", "outbox_events_due_idx", "outbox_events_waiting_idx", "billing_customers_stripe_customer_idx", "billing_subscriptions_stripe_id_idx"];

  it("starts every index of a tenant table with tenant_id (listed exceptions aside)", async () => {
    const rows = await runtimeSql()<{ index_name: string; first_column: string }[]>`
      select i.relname as index_name, a.attname as first_column
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
       where exists (select 1 from pg_attribute ta where ta.attrelid = t.oid and ta.attname = 'tenant_id')`;
    const offenders = rows.filter((r) => r.first_column !== "tenant_id" && !INDEX_EXCEPTIONS.includes(r.index_name));
    expect(offenders).toEqual([]);
  });
});

describe("fail-closed tenant isolation", () => {
  it("shows the app role zero rows of every tenant table inside a transaction with no tenant set", async () => {
    await seedTwoTenants();
    const tables = await tenantTables();
    const counts = await runtimeDb().transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', ${APP_ROLE}, true)`);
      const result: Record<string, number> = {};
      for (const table of tables) {
        const rows = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
        result[table] = rows[0]!.n;
      }
      return result;
    });
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(Object.keys(counts).length).toBe(tables.length);
  });

  it("shows the runtime pool zero tenant rows outside any tenant transaction", async () => {
    await seedTwoTenants();
    for (const table of await tenantTables()) {
      const [row] = await runtimeSql()<{ n: number }[]>`select count(*)::int as n from ${runtimeSql()(table)}`;
      expect({ table, n: row!.n }).toEqual({ table, n: 0 });
    }
  });

  it("reads as '' after a tenant transaction, and still sees nothing (the nullif)", async () => {
    const { a } = await seedTwoTenants();
    await inTenant(a.org.id, async (tx) => tx.execute(sql`select 1`));
    const [row] = await runtimeSql()<{ setting: string | null; n: number }[]>`
      select current_setting('app.tenant_id', true) as setting, (select count(*)::int from audit_log) as n`;
    expect(row!.n).toBe(0);
  });

  it("shows a tenant transaction only its own tenant's rows", async () => {
    const { a, b } = await seedTwoTenants();
    const seen = await inTenant(a.org.id, (tx) =>
      tx.execute<{ tenant_id: string }>(sql`select distinct tenant_id from audit_log union select distinct tenant_id from memberships`),
    );
    expect(seen.map((r) => r.tenant_id)).toEqual([a.org.id]);
    expect(seen.map((r) => r.tenant_id)).not.toContain(b.org.id);
  });

  it("shows a member of two tenants only the current tenant's memberships inside a tenant transaction", async () => {
    const { a, b } = await seedTwoTenants();
    await addMember(b.org.id, a.owner.id, "member");
    const inA = await withTenant({ tenantId: a.org.id, userId: a.owner.id }, (tx) =>
      tx.execute<{ tenant_id: string }>(sql`select tenant_id from memberships`),
    );
    expect(inA.map((r) => r.tenant_id)).toEqual([a.org.id]);
    // Outside any tenant, the same user sees their own memberships in both.
    const own = await withUser(a.owner.id, (tx) => tx.execute<{ tenant_id: string }>(sql`select tenant_id from memberships`));
    expect(own.map((r) => r.tenant_id).sort()).toEqual([a.org.id, b.org.id].sort());
  });

  it("rejects a write that names another tenant (WITH CHECK)", async () => {
    const { a, b } = await seedTwoTenants();
    const outsider = await createUser();
    const failure = await pgFailure(
      inTenant(a.org.id, (tx) =>
        tx.execute(sql`insert into memberships (tenant_id, user_id, role) values (${b.org.id}, ${outsider.id}, 'member')`),
      ),
    );
    expect(failure).toMatchObject({ code: "42501", message: expect.stringMatching(/row-level security/) });
    await expect(inTenant(b.org.id, (tx) => tx.execute(sql`select 1 from memberships where user_id = ${outsider.id}`))).resolves.toHaveLength(0);
  });

  it("keeps audit_log append-only for the app role", async () => {
    const { a } = await seedTwoTenants();
    const update = await pgFailure(inTenant(a.org.id, (tx) => tx.execute(sql`update audit_log set action = 'forged'`)));
    const remove = await pgFailure(inTenant(a.org.id, (tx) => tx.execute(sql`delete from audit_log`)));
    expect(update).toMatchObject({ code: "42501", message: expect.stringMatching(/permission denied/) });
    expect(remove).toMatchObject({ code: "42501", message: expect.stringMatching(/permission denied/) });
  });

  it("evaluates the tenant setting once per query (init plan) and uses the tenant index", async () => {
    const { a } = await seedTwoTenants();
    await addMember(a.org.id, (await createUser()).id, "member");
    const plan = await inTenant(a.org.id, (tx) =>
      tx.execute<{ "QUERY PLAN": string }>(sql`explain select * from audit_log order by id desc limit 50`),
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toMatch(/InitPlan/);
    // The policy becomes an index condition on the init plan's value, not a per-row filter.
    expect(text).toMatch(/Index Cond: \(+tenant_id = (\$0|\(InitPlan 1\)\.col1)\)/);
  });
});

describe("runtime role check", () => {
  it("accepts the app's runtime connections", async () => {
    await expect(assertSafeRuntimeRole()).resolves.toBeUndefined();
    const [row] = await runtimeSql()<{ u: string }[]>`select current_user as u`;
    expect(row!.u).toBe(APP_ROLE);
  });

  it.runIf(process.env.TEST_DATABASE_MODE === "postgres")("refuses a superuser / owner connection", async () => {
    const owner = postgres(process.env.TEST_OWNER_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await expect(assertSafeRuntimeRole(owner)).rejects.toBeInstanceOf(UnsafeDatabaseRoleError);
      await expect(assertSafeRuntimeRole(owner)).rejects.toThrow(/superuser|owns tenant tables/);
    } finally {
      await owner.end();
    }
  });
});
