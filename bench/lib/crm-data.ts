/**
 * Data for `npm run bench:crm`: a dedicated database (migrated like the app's) filled with
 * set-based SQL (generate_series), one tenant at a time, as the owner connection.
 *
 * Per tenant: ~20 members (1 owner, 1 admin, the rest members), ~contacts/10 companies,
 * `contacts` contacts with one primary email channel each (and a phone for 60%),
 * `deals` deals across the default pipeline's stages with one contact each, and the
 * owner of every record as its follower (what createContact/createCompany do).
 * Names come from small lists with a skew (some names are common, as in real data);
 * emails are unique per tenant by construction.
 *
 * The secondary indexes of the bulk-loaded tables are dropped before loading and rebuilt
 * after (the same definitions, read from the catalog), then everything is VACUUM ANALYZEd:
 * much faster than growing GIN indexes row by row, and the result is the state the app
 * would reach anyway. The scale is stored as the database's comment, so a later run at
 * the same scale reuses the data (only applying new migrations).
 */
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { log, withDatabase } from "./common";

/** Bump when the generated data changes shape, so cached databases are rebuilt. */
const GENERATOR_VERSION = 2;

export type CrmScale = { tenants: number; contacts: number; deals: number; companies: number; members: number };

export type BenchMember = { id: string; email: string; role: "owner" | "admin" | "member" };
export type BenchTenant = { id: string; slug: string; name: string; members: BenchMember[] };

export type CrmData = {
  url: string;
  tenants: BenchTenant[];
  reused: boolean;
  seconds: number;
  sizes: { table: string; rows: number; bytes: number }[];
};

export const BENCH_PASSWORD = "crm-bench-password-0123";

const BULK_TABLES = ["crm_companies", "crm_contacts", "crm_contact_channels", "crm_deals", "crm_deal_contacts", "crm_followers"];

// Small lists, most common first: picks are skewed towards the front (power of random()).
// With power 1.2 the most common first name is ~3% of contacts and last name ~2%, about
// what real address books show (a steeper skew makes every common prefix match a third of a tenant).
const FIRST_NAMES = [
  "Anna", "Michael", "Laura", "Thomas", "Julia", "David", "Sarah", "Daniel", "Maria", "Peter", "Lisa", "Martin",
  "Emma", "Jan", "Sophie", "Paul", "Lena", "Lukas", "Hannah", "Felix", "Mia", "Jonas", "Clara", "Max", "Nina",
  "Tobias", "Eva", "Simon", "Olivia", "Leon", "Katharina", "Noah", "Charlotte", "Elias", "Amelie", "Ben", "Marie",
  "Finn", "Johanna", "Luca", "Ida", "Oskar", "Greta", "Emil", "Frieda", "Anton", "Ella", "Henry", "Mila", "Theo",
  "Isabel", "Carlos", "Aiko", "Ravi", "Fatima", "Mehmet", "Olga", "Pierre", "Giulia", "Sven", "Ingrid", "Tomasz",
  "Zoe", "Ethan", "Chloe", "Liam", "Grace", "Oliver", "Ava", "James", "Priya", "Wei", "Yuki", "Omar", "Lucia",
];
const LAST_NAMES = [
  "Schmidt", "Mueller", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Wilson", "Koch",
  "Richter", "Klein", "Wolf", "Schroeder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krueger", "Hofmann",
  "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Koehler",
  "Herrmann", "Koenig", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Moeller",
  "Weiss", "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Guenther", "Frank", "Berger", "Winkler", "Roth",
  "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Boehm", "Winter", "Kraus",
  "Martin", "Schumacher", "Kraemer", "Vogt", "Stein", "Jaeger", "Otto", "Sommer", "Gross", "Seidel", "Heinrich",
  "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn", "Kuehn", "Pohl", "Engel",
  "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff", "Pfeiffer", "Nakamura", "Rossi",
  "Dubois", "Novak", "Kowalski", "Andersson", "Nielsen", "Silva", "Santos", "Yilmaz", "Ivanova", "Chen", "Patel",
];
const COMPANY_WORDS_A = [
  "North", "Blue", "Bright", "Green", "Silver", "Alpine", "Summit", "River", "Iron", "Nova", "Prime", "Atlas",
  "Evergreen", "Harbor", "Pioneer", "Falcon", "Crystal", "Golden", "Vertex", "Orbit", "Cedar", "Maple", "Polar",
  "Quantum", "Rapid", "Solar", "Urban", "Vivid", "Zenith", "Apex", "Beacon", "Cobalt", "Delta", "Echo", "Fusion",
  "Granite", "Horizon", "Lumen", "Meridian", "Nimbus",
];
const COMPANY_WORDS_B = [
  "Logistics", "Systems", "Foods", "Labs", "Consulting", "Energy", "Media", "Robotics", "Health", "Software",
  "Analytics", "Textiles", "Motors", "Finance", "Design", "Networks", "Pharma", "Retail", "Builders", "Travel",
  "Insurance", "Chemicals", "Security", "Studios", "Farms", "Electronics", "Partners", "Ventures", "Solutions",
  "Industries", "Marine", "Aerospace", "Capital", "Dynamics", "Works", "Supply", "Tools", "Cloud", "Data", "Bio",
];
const COMPANY_SUFFIXES = ["GmbH", "AG", "Inc", "Ltd", "SE", "LLC", "KG", "SAS"];
const TLDS = ["com", "de", "io", "co.uk", "fr", "net", "eu", "ch"];
const FREE_MAIL = ["gmail.com", "outlook.com", "web.de", "gmx.de", "yahoo.com", "icloud.com", "proton.me"];
const INDUSTRIES = ["Software", "Manufacturing", "Retail", "Healthcare", "Finance", "Logistics", "Energy", "Media", "Education", "Construction"];
const SIZES = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"];
const CITIES = ["Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt", "Vienna", "Zurich", "London", "Paris", "Amsterdam", "Madrid", "Milan", "Warsaw", "Stockholm", "New York"];
const COUNTRIES = ["DE", "DE", "DE", "DE", "DE", "AT", "CH", "GB", "FR", "NL", "ES", "IT", "PL", "SE", "US"];
const TITLES = ["CEO", "CTO", "CFO", "Head of Sales", "Sales Manager", "Account Executive", "Purchasing Manager", "Office Manager", "Marketing Lead", "Engineer", "Consultant", "Project Manager", "Operations Director", "Buyer", "IT Manager"];
const SOURCES = ["website", "referral", "trade show", "cold call", "webinar", "linkedin", "import", "partner"];
const PRODUCTS = ["Annual licence", "Pilot", "Expansion", "Renewal", "Onboarding package", "Support plan", "Hardware order", "Consulting days", "Enterprise upgrade", "Training"];
const LOST_REASONS = ["Price", "Competitor", "No budget", "Timing", "No decision"];
/** Tags and the share of contacts carrying each. */
const TAGS: [string, number][] = [
  ["newsletter", 0.3], ["webinar", 0.12], ["trade-show", 0.1], ["inbound", 0.15], ["referral", 0.06], ["partner", 0.04],
  ["vip", 0.03], ["enterprise", 0.08], ["smb", 0.2], ["churn-risk", 0.02], ["beta", 0.01], ["event-2025", 0.05],
];
export const BENCH_TAGS = TAGS.map(([tag]) => tag);
const MEMBER_FIRST = ["Alex", "Sam", "Robin", "Kim", "Chris", "Jordan", "Taylor", "Morgan", "Jamie", "Casey"];

function marker(scale: CrmScale): string {
  return JSON.stringify({ generator: GENERATOR_VERSION, ...scale });
}

function adminClient(adminUrl: string): postgres.Sql {
  return postgres(adminUrl, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
}

/** The database's stored scale marker, or null when it does not exist. */
async function readMarker(adminUrl: string, dbName: string): Promise<string | null | undefined> {
  const admin = adminClient(adminUrl);
  try {
    const rows = await admin<{ comment: string | null }[]>`
      select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${dbName}`;
    return rows.length ? rows[0]!.comment : undefined;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function recreateDatabase(adminUrl: string, dbName: string): Promise<void> {
  const admin = adminClient(adminUrl);
  try {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.unsafe(`create database ${dbName}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** `created_at` of every migration the database has applied (drizzle stores the journal's `when`). */
async function appliedMigrations(url: string): Promise<number[]> {
  const sql = adminClient(url);
  try {
    const rows = await sql<{ at: string }[]>`select created_at::text as at from drizzle.__drizzle_migrations`;
    return rows.map((r) => Number(r.at));
  } catch {
    return [];
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function journalMigrations(folder: string): number[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { when: number }[] };
  return journal.entries.map((e) => e.when);
}

/**
 * The bench database at `scale`: reused when its marker matches (new migrations are
 * applied, then ANALYZE), else rebuilt from scratch.
 */
export async function ensureCrmData(
  adminUrl: string,
  dbName: string,
  scale: CrmScale,
  options: {
    rebuild: boolean;
    migrationsFolder: string;
    migrate: (url: string) => Promise<void>;
    hashPassword: (password: string) => Promise<string>;
  },
): Promise<CrmData> {
  const url = withDatabase(adminUrl, dbName);
  const started = performance.now();
  const existing = await readMarker(adminUrl, dbName);
  let reused = false;
  const known = new Set(journalMigrations(options.migrationsFolder));
  // A database migrated by another checkout (e.g. one trying a new index) has migrations this one lacks.
  const foreign = existing === marker(scale) ? (await appliedMigrations(url)).filter((at) => !known.has(at)) : [];
  if (foreign.length) log(`${dbName} has ${foreign.length} migration(s) this checkout does not know: rebuilding`);
  if (!options.rebuild && existing === marker(scale) && !foreign.length) {
    const before = (await appliedMigrations(url)).length;
    await options.migrate(url);
    const after = (await appliedMigrations(url)).length;
    if (after !== before) {
      log(`reusing ${dbName}: applied ${after - before} new migration(s); analyzing`);
      const sql = adminClient(url);
      try {
        await sql.unsafe(`analyze ${BULK_TABLES.join(", ")}`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    } else log(`reusing ${dbName} (same scale, no new migrations; --rebuild forces a rebuild)`);
    reused = true;
  } else {
    const why = existing === undefined ? "" : options.rebuild ? " (--rebuild)" : foreign.length ? "" : ` (scale differs from ${existing ?? "an unfinished build"})`;
    log(`${existing === undefined ? "creating" : "recreating"} ${dbName}${why}`);
    await recreateDatabase(adminUrl, dbName);
    await options.migrate(url);
    await generate(url, scale, await options.hashPassword(BENCH_PASSWORD));
    const admin = adminClient(adminUrl);
    try {
      // Written last: an interrupted build leaves no marker and is rebuilt next time.
      await admin.unsafe(`comment on database ${dbName} is '${marker(scale).replace(/'/g, "''")}'`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  }
  const { tenants, sizes } = await describe(url);
  return { url, tenants, reused, seconds: (performance.now() - started) / 1000, sizes };
}

async function describe(url: string): Promise<{ tenants: BenchTenant[]; sizes: CrmData["sizes"] }> {
  const sql = adminClient(url);
  try {
    const rows = await sql<{ id: string; slug: string; name: string; members: BenchMember[] }[]>`
      select t.id, t.slug, t.name,
             json_agg(json_build_object('id', u.id, 'email', u.email, 'role', m.role) order by u.email) as members
        from tenants t
        join memberships m on m.tenant_id = t.id
        join users u on u.id = m.user_id
       where t.slug like 'crm-bench-%'
       group by t.id
       order by t.slug`;
    const sizes = await sql<{ table: string; rows: number; bytes: number }[]>`
      select c.relname as table, c.reltuples::bigint::float8 as rows, pg_total_relation_size(c.oid)::float8 as bytes
        from pg_class c where c.relname = any(${BULK_TABLES}::text[]) order by c.relname`;
    return { tenants: rows, sizes: [...sizes] };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * A deterministic id from a text expression, so records can refer to each other by number
 * within one statement; shaped as a version-4 UUID (version and variant digits set),
 * which is what the app's inputs (z.uuid()) accept.
 */
const uuidOf = (seed: string) => `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
const tenantUuid = (t: string) => uuidOf(`'crm-bench:tenant:' || ${t}`);
const userUuid = (t: string, m: string) => uuidOf(`'crm-bench:user:' || ${t} || ':' || ${m}`);

async function generate(url: string, scale: CrmScale, passwordHash: string): Promise<void> {
  const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
  const step = async (label: string, run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    await sql`set synchronous_commit = off`;
    await sql`set maintenance_work_mem = '1GB'`;
    await sql`set work_mem = '64MB'`;
    // Skips foreign-key triggers during the load (the generated references are valid by
    // construction); superuser only, so without it the load is just slower.
    const replica = await sql`set session_replication_role = replica`.then(
      () => true,
      () => false,
    );
    log(`generating ${scale.tenants} tenants × ${scale.contacts.toLocaleString("en-US")} contacts, ${scale.companies.toLocaleString("en-US")} companies, ${scale.deals.toLocaleString("en-US")} deals, ${scale.members} members${replica ? "" : " (no superuser: foreign keys checked row by row)"}`);

    const indexes = await sql<{ name: string; definition: string }[]>`
      select i.indexname as name, i.indexdef as definition
        from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any(${BULK_TABLES}::text[])
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
    await sql.unsafe(indexes.map((i) => `drop index ${i.name};`).join("\n"));

    await step("users and tenants", async () => {
      await sql.unsafe(
        `insert into users (id, email, name, password_hash, email_verified_at)
         select ${userUuid("t", "m")},
                format('crm-bench-%s-%s@bench.example', lpad(t::text, 2, '0'), lpad(m::text, 2, '0')),
                (${literalArray(MEMBER_FIRST)})[1 + (m - 1) % ${MEMBER_FIRST.length}] || ' ' || (${literalArray(LAST_NAMES)})[1 + (t * 7 + m) % ${LAST_NAMES.length}],
                $1, now()
           from generate_series(1, ${scale.tenants}) t, generate_series(1, ${scale.members}) m`,
        [passwordHash],
      );
      await sql.unsafe(`
        insert into tenants (id, slug, name, plan, created_by)
        select ${tenantUuid("t")}, 'crm-bench-' || lpad(t::text, 2, '0'), 'CRM Bench ' || lpad(t::text, 2, '0'), 'business',
               ${userUuid("t", "1")}
          from generate_series(1, ${scale.tenants}) t`);
    });

    for (let t = 1; t <= scale.tenants; t++) {
      const t0 = performance.now();
      await sql.begin(async (tx) => {
        const [row] = await tx.unsafe<{ tid: string }[]>(`select ${tenantUuid(String(t))}::text as tid`);
        const tid = row!.tid;
        await tx`select set_config('app.tenant_id', ${tid}, true), set_config('app.user_id', ${""}, true), set_config('app.role', 'system', true)`;
        await generateTenant(tx, t, tid, scale);
      });
      log(`  tenant ${t}/${scale.tenants}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }

    await step(`rebuilding ${indexes.length} indexes`, async () => {
      for (const index of indexes) {
        const t0 = performance.now();
        await sql.unsafe(index.definition);
        const seconds = (performance.now() - t0) / 1000;
        if (seconds >= 10) log(`    ${index.name}: ${seconds.toFixed(0)} s`);
      }
    });
    if (replica) await sql`set session_replication_role = origin`;
    await step("vacuum analyze", () => sql.unsafe(`vacuum (analyze) ${[...BULK_TABLES, "crm_stages", "crm_pipelines", "users", "tenants", "memberships"].join(", ")}`));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** One tenant's records, inside a transaction scoped to it (tenant_id filled by the column default). */
async function generateTenant(tx: postgres.TransactionSql, t: number, tid: string, scale: CrmScale): Promise<void> {
  const { contacts: C, companies: K, deals: D, members: M } = scale;
  const members = Array.from({ length: M }, (_, m) => userUuid(String(t), String(m + 1)));
  // A skewed pick: a few reps own most records.
  const pickOwner = `(array[${members.join(", ")}])[1 + floor(power(random(), 1.5) * ${M})::int]`;
  const pick = (list: string[], skew = 1) => `(${literalArray(list)})[1 + floor(power(random(), ${skew}) * ${list.length})::int]`;
  const id = (kind: string, n: string) => uuidOf(`'${tid}:${kind}:' || ${n}`);
  // The owner connection may be a superuser, which bypasses RLS: every read names the tenant.
  const mine = `tenant_id = '${tid}'`;

  await tx.unsafe(`
    insert into memberships (user_id, role, last_active_at)
    select ${userUuid(String(t), "m")},
           (case when m = 1 then 'owner' when m = 2 then 'admin' else 'member' end)::member_role, now() - random() * interval '3 days'
      from generate_series(1, ${M}) m`);
  // As the app role: the function finds "the tenant's" pipeline through RLS, which a superuser would bypass.
  await tx.unsafe(`set local role neuroops_app`);
  await tx.unsafe(`select neuroops_crm_ensure_default_pipeline()`);
  await tx.unsafe(`reset role`);

  await tx.unsafe(`
    with g as (
      select k, ${pick(COMPANY_WORDS_A, 1.3)} as a, ${pick(COMPANY_WORDS_B, 1.3)} as b, ${pick(COMPANY_SUFFIXES, 2)} as suffix,
             ${pickOwner} as owner_id, now() - random() * interval '730 days' as created_at
        from generate_series(1, ${K}) k)
    insert into crm_companies (id, name, domain, industry, size, city, country, owner_id, tags, created_by, created_at, updated_at)
    select ${id("co", "g.k")}, g.a || ' ' || g.b || ' ' || g.suffix,
           lower(g.a || '-' || g.b) || case when g.k % 3 = 0 then '-' || (g.k % 97) else '' end || '.' || ${pick(TLDS, 2)},
           ${pick(INDUSTRIES)}, ${pick(SIZES, 1.5)}, ${pick(CITIES, 1.5)}, ${pick(COUNTRIES)}, g.owner_id,
           case when random() < 0.3 then array[${pick(["key-account", "partner", "prospect", "reseller"])}] else '{}' end,
           g.owner_id, g.created_at, g.created_at + random() * (now() - g.created_at)
      from g`);

  const tagArray = literalArray(TAGS.map(([tag]) => tag));
  const tagShares = `array[${TAGS.map(([, share]) => share).join(", ")}]::float8[]`;
  await tx.unsafe(`
    with g as (
      select i, ${pick(FIRST_NAMES, 1.2)} as first_name, ${pick(LAST_NAMES, 1.2)} as last_name,
             case when random() < 0.9 then 1 + floor(random() * ${K})::int end as k,
             case when random() < 0.95 then ${pickOwner} end as owner_id,
             random() as stage, now() - random() * interval '730 days' as created_at
        from generate_series(1, ${C}) i)
    insert into crm_contacts (id, first_name, last_name, title, company_id, owner_id, tags, lifecycle_stage, source,
                              primary_email, primary_phone, created_by, created_at, updated_at)
    select ${id("ct", "g.i")}, g.first_name, g.last_name,
           case when random() < 0.7 then ${pick(TITLES, 1.3)} end,
           co.id, g.owner_id,
           (select coalesce(array_agg(tag), '{}') from unnest(${tagArray}, ${tagShares}) as x(tag, share) where random() < share and g.i > 0),
           (case when g.stage < 0.45 then 'lead' when g.stage < 0.7 then 'prospect' when g.stage < 0.95 then 'customer' else 'churned' end)::crm_lifecycle_stage,
           case when random() < 0.8 then ${pick(SOURCES, 1.5)} end,
           lower(g.first_name || '.' || g.last_name) || g.i || '@' || coalesce(co.domain, ${pick(FREE_MAIL, 1.5)}),
           case when random() < 0.6 then '+49 ' || (150 + floor(random() * 30)::int) || ' ' || lpad(floor(random() * 10000000)::int::text, 7, '0') end,
           g.owner_id, g.created_at, g.created_at + random() * (now() - g.created_at)
      from g
      left join crm_companies co on co.${mine} and co.id = ${id("co", "g.k")}`);

  await tx.unsafe(`
    insert into crm_contact_channels (contact_id, kind, value, normalized, is_primary, position)
    select id, 'email', primary_email, primary_email, true, 0 from crm_contacts where ${mine}
    union all
    select id, 'phone', primary_phone, '+' || regexp_replace(primary_phone, '\\D', '', 'g'), true, 1 from crm_contacts where ${mine} and primary_phone is not null`);

  // Default pipeline stages: Lead in, Qualified, Proposal sent, Negotiation, Won, Lost.
  await tx.unsafe(`
    with st as (select array_agg(id order by position) as ids, array_agg(outcome order by position) as outcomes, (array_agg(pipeline_id))[1] as pipeline_id
                  from crm_stages where ${mine}),
         r as (
           select i, 1 + floor(random() * ${K})::int as k, ${pickOwner} as owner_id, random() as r,
                  now() - random() * interval '540 days' as created_at
             from generate_series(1, ${D}) i),
         -- Stage shares: 20% lead in, 15% qualified, 12% proposal, 8% negotiation, 25% won, 20% lost.
         g as (
           select r.*, case when r < 0.2 then 1 when r < 0.35 then 2 when r < 0.47 then 3 when r < 0.55 then 4 when r < 0.8 then 5 else 6 end as s
             from r)
    insert into crm_deals (id, title, amount_minor, currency, company_id, owner_id, pipeline_id, stage_id, expected_close_date, status,
                           lost_reason, closed_at, stage_changed_at, created_by, created_at, updated_at)
    select ${id("dl", "g.i")}, co.name || ' – ' || ${pick(PRODUCTS, 1.3)}, (100 * floor(500 + random() * 80000))::bigint, 'USD', co.id,
           g.owner_id, st.pipeline_id, st.ids[g.s], (g.created_at + random() * interval '180 days')::date, st.outcomes[g.s],
           case when st.outcomes[g.s] = 'lost' then ${pick(LOST_REASONS)} end,
           case when st.outcomes[g.s] <> 'open' then g.created_at + random() * (now() - g.created_at) end,
           g.created_at + random() * (now() - g.created_at), g.owner_id, g.created_at, g.created_at + random() * (now() - g.created_at)
      from g cross join st
      join crm_companies co on co.${mine} and co.id = ${id("co", "g.k")}`);

  await tx.unsafe(`
    insert into crm_deal_contacts (deal_id, contact_id)
    select ${id("dl", "i")}, ${id("ct", `(1 + floor(random() * ${C})::int)`)} from generate_series(1, ${D}) i`);

  await tx.unsafe(`
    insert into crm_followers (entity_type, entity_id, user_id, created_at)
    select 'contact'::crm_entity_type, id, owner_id, created_at from crm_contacts where ${mine} and owner_id is not null
    union all
    select 'company', id, owner_id, created_at from crm_companies where ${mine} and owner_id is not null
    union all
    select 'deal', id, owner_id, created_at from crm_deals where ${mine} and owner_id is not null`);
}

/** A SQL array literal of plain words (the lists above hold no quotes). */
function literalArray(list: string[]): string {
  return `array[${list.map((item) => `'${item.replace(/'/g, "''")}'`).join(", ")}]::text[]`;
}
