import { sql, type SQL } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn, timestamps } from "../../db/columns";
import { tenantKeyedVector } from "../../records/search-key";
import { bulkTables, importTables, savedViewsTable } from "../../records/tables";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";

/*
 * CRM tables. Every table is tenant-owned (tenant RLS, see drizzle/0009_crm_tenancy.sql);
 * companies, contacts and deals also carry a restrictive visibility policy (owner or
 * follower only, when the tenant's CRM settings say so for the caller's role).
 * References between them are composite (tenant_id, id) so nothing points across tenants.
 */

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const crmEntityType = pgEnum("crm_entity_type", ["company", "contact", "deal"]);
export type CrmEntityType = (typeof crmEntityType.enumValues)[number];

export const lifecycleStage = pgEnum("crm_lifecycle_stage", ["lead", "prospect", "customer", "churned"]);
export type LifecycleStage = (typeof lifecycleStage.enumValues)[number];

export const dealStatus = pgEnum("crm_deal_status", ["open", "won", "lost"]);
export type DealStatus = (typeof dealStatus.enumValues)[number];

export const activityKind = pgEnum("crm_activity_kind", ["note", "call", "email", "meeting", "task"]);
export type ActivityKind = (typeof activityKind.enumValues)[number];

export const customFieldType = pgEnum("crm_custom_field_type", [
  "text",
  "number",
  "money",
  "date",
  "single_select",
  "multi_select",
  "checkbox",
  "member",
]);
export type CustomFieldType = (typeof customFieldType.enumValues)[number];

export const recordVisibility = pgEnum("crm_record_visibility", ["all", "own_or_followed"]);
export type RecordVisibility = (typeof recordVisibility.enumValues)[number];

/*
 * Search helpers (IMMUTABLE SQL functions from migration 0017_crm_search_accents_phones_tags):
 * names again without accents ("Müller" is also "muller"), tags as words, and a phone's
 * digits (whole, and without a leading +country code) so any formatting finds it.
 */
const folded = (part: SQL) => sql`neuroops_fold_accents(${part})`;
const tagWords = sql`neuroops_tag_words(tags)`;

/** Words for full-text search; 'simple' so names and emails are not stemmed. */
const searchText = (...parts: SQL[]) =>
  sql`to_tsvector('simple'::regconfig, ${sql.join(
    parts.map((part) => sql`coalesce(${part}, '')`),
    sql` || ' ' || `,
  )})`;

/*
 * Each table's search words. Stored twice: `search` (for ranking) and `search_key`, the
 * same words keyed by the tenant, which the GIN index holds (records/search-key.ts: a prefix then reads one tenant's index entries, not all).
 * A generated column cannot read another, so both repeat the expression.
 */
const companySearch = searchText(sql`name`, sql`domain`, sql`replace(coalesce(domain, ''), '.', ' ')`, sql`industry`, sql`city`, folded(sql`name || ' ' || coalesce(city, '')`), tagWords);
const contactSearch = searchText(
  sql`first_name`,
  sql`last_name`,
  sql`primary_email`,
  sql`regexp_replace(coalesce(primary_email, ''), '[@.]', ' ', 'g')`,
  sql`title`,
  folded(sql`first_name || ' ' || last_name`),
  sql`neuroops_phone_words(primary_phone)`,
  tagWords,
);
const dealSearch = searchText(sql`title`, folded(sql`title`), tagWords);

/*
 * Index orders. Every btree here is ascending: a backward scan serves `desc` (which means
 * DESC NULLS FIRST), a forward one `asc`. An index declared DESC NULLS LAST serves neither
 * ordering the lists ask for, so the planner sorted whole tenants instead (bench:crm).
 *
 * Sort keys for names are stored columns, not lower(...) index expressions: under row-level
 * security only LEAKPROOF functions can be index conditions, and lower() is not one, so a
 * keyset page by name (`(lower(last_name), …) > cursor`) was a filter over every row before
 * the cursor. A comparison of stored text columns is leakproof and becomes the index condition.
 *
 * No GIN index on tags: `tags && …` cannot use one under row-level security (arrayoverlap is
 * not LEAKPROOF, and being polymorphic it cannot safely be marked so); a (tenant_id, tags)
 * GIN index only ever served as a bad way to find a tenant's rows.
 */
/** Partial-index predicate of live rows: not merged away, not in the trash (list queries say both). */
const LIVE = sql`merged_into_id is null and deleted_at is null`;
/** The trash's own index: trashed rows by when they were trashed (trash list, purge). */
const TRASHED = sql`deleted_at is not null`;

const sortLowerColumn = (column: SQL) => text().generatedAlwaysAs((): SQL => sql`lower(${column})`);

/** One row per tenant, created when an admin first changes the defaults (everyone sees all). */
export const crmSettings = pgTable("crm_settings", {
  tenantId: tenantIdColumn()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  memberVisibility: recordVisibility().notNull().default("all"),
  viewerVisibility: recordVisibility().notNull().default("all"),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

const ownerColumn = () => uuid().references(() => users.id, { onDelete: "set null" });
const createdByColumn = () =>
  uuid()
    .default(currentUserIdDefault)
    .references(() => users.id, { onDelete: "set null" });

export const crmCompanies = pgTable(
  "crm_companies",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    /** Lower-case host name without scheme or www. */
    domain: text(),
    industry: text(),
    size: text(),
    addressLine: text(),
    city: text(),
    region: text(),
    postalCode: text(),
    /** ISO 3166-1 alpha-2. */
    country: text(),
    ownerId: ownerColumn(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    notes: text(),
    custom: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Set when this company was merged into another; merged rows are hidden everywhere. */
    mergedIntoId: uuid(),
    /** Set while the record is in the trash (./trash): hidden everywhere, purged after 30 days. */
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdBy: createdByColumn(),
    ...timestamps(),
    search: tsvector().generatedAlwaysAs((): SQL => companySearch),
    /** `search` keyed by the tenant (records/search-key.ts): what search matches on, through its GIN index. */
    searchKey: tsvector().generatedAlwaysAs((): SQL => tenantKeyedVector(companySearch)),
    /** lower(name), stored: the name sort's key (see sortLowerColumn). */
    sortName: sortLowerColumn(sql`name`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("crm_companies_updated_idx").on(t.tenantId, t.updatedAt, t.id).where(LIVE),
    index("crm_companies_name_idx").on(t.tenantId, t.sortName, t.id).where(LIVE),
    index("crm_companies_created_idx").on(t.tenantId, t.createdAt, t.id).where(sql`merged_into_id is null`),
    index("crm_companies_owner_idx").on(t.tenantId, t.ownerId, t.updatedAt),
    index("crm_companies_domain_idx").on(t.tenantId, t.domain),
    index("crm_companies_search_key_idx").using("gin", t.tenantId, t.searchKey),
    index("crm_companies_trash_idx").on(t.tenantId, t.deletedAt, t.id).where(TRASHED),
  ],
);

export const crmContacts = pgTable(
  "crm_contacts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    firstName: text().notNull(),
    lastName: text().notNull().default(""),
    title: text(),
    companyId: uuid(),
    ownerId: ownerColumn(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    lifecycleStage: lifecycleStage().notNull().default("lead"),
    source: text(),
    notes: text(),
    custom: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Copies of the primary channels (crm_contact_channels is the truth), for lists and search. */
    primaryEmail: text(),
    primaryPhone: text(),
    mergedIntoId: uuid(),
    /** Set while the record is in the trash (./trash): hidden everywhere, purged after 30 days. */
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdBy: createdByColumn(),
    ...timestamps(),
    search: tsvector().generatedAlwaysAs((): SQL => contactSearch),
    /** `search` keyed by the tenant (records/search-key.ts): what search matches on, through its GIN index. */
    searchKey: tsvector().generatedAlwaysAs((): SQL => tenantKeyedVector(contactSearch)),
    /** lower(last_name) and lower(first_name), stored: the name sort's keys (see sortLowerColumn). */
    sortLastName: sortLowerColumn(sql`last_name`),
    sortFirstName: sortLowerColumn(sql`first_name`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [crmCompanies.tenantId, crmCompanies.id] }),
    index("crm_contacts_updated_idx").on(t.tenantId, t.updatedAt, t.id).where(LIVE),
    index("crm_contacts_created_idx").on(t.tenantId, t.createdAt, t.id).where(LIVE),
    index("crm_contacts_name_idx").on(t.tenantId, t.sortLastName, t.sortFirstName, t.id).where(LIVE),
    index("crm_contacts_owner_idx").on(t.tenantId, t.ownerId, t.updatedAt, t.id).where(LIVE),
    // One owner's contacts by name ("my contacts", and the owner filter sorted by name) straight from the index: no sort of all of them.
    index("crm_contacts_owner_name_idx").on(t.tenantId, t.ownerId, t.sortLastName, t.sortFirstName, t.id).where(LIVE),
    index("crm_contacts_lifecycle_idx").on(t.tenantId, t.lifecycleStage, t.updatedAt, t.id).where(LIVE),
    index("crm_contacts_company_idx").on(t.tenantId, t.companyId),
    index("crm_contacts_search_key_idx").using("gin", t.tenantId, t.searchKey),
    index("crm_contacts_trash_idx").on(t.tenantId, t.deletedAt, t.id).where(TRASHED),
  ],
);

/** A contact's emails and phones. Emails are unique per tenant, compared lower-cased. */
export const crmContactChannels = pgTable(
  "crm_contact_channels",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    contactId: uuid().notNull(),
    kind: text({ enum: ["email", "phone"] }).notNull(),
    /** As entered. */
    value: text().notNull(),
    /** Emails lower-cased; phones reduced to digits (with a leading + kept). */
    normalized: text().notNull(),
    /** What the channel is: "work", "home", "mobile", "fax"… (null: not said). */
    label: text(),
    isPrimary: boolean().notNull().default(false),
    position: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [crmContacts.tenantId, crmContacts.id] }).onDelete("cascade"),
    uniqueIndex("crm_contact_channels_email_key").on(t.tenantId, t.normalized).where(sql`kind = 'email'`),
    index("crm_contact_channels_phone_idx").on(t.tenantId, t.normalized).where(sql`kind = 'phone'`),
    index("crm_contact_channels_contact_idx").on(t.tenantId, t.contactId),
    check("crm_contact_channels_normalized_check", sql`length(normalized) > 0`),
    check("crm_contact_channels_label_check", sql`label is null or length(label) between 1 and 30`),
  ],
);

export const crmPipelines = pgTable(
  "crm_pipelines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    position: integer().notNull().default(0),
    isDefault: boolean().notNull().default(false),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("crm_pipelines_default_key").on(t.tenantId).where(sql`is_default`),
    uniqueIndex("crm_pipelines_name_key").on(t.tenantId, sql`lower(name)`).where(sql`archived_at is null`),
  ],
);

export const crmStages = pgTable(
  "crm_stages",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    pipelineId: uuid().notNull(),
    name: text().notNull(),
    position: integer().notNull(),
    /** Default win probability of deals in this stage, 0–100. */
    probability: integer().notNull(),
    /** Moving a deal into a won/lost stage closes it. */
    outcome: dealStatus().notNull().default("open"),
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.pipelineId], foreignColumns: [crmPipelines.tenantId, crmPipelines.id] }).onDelete("cascade"),
    index("crm_stages_pipeline_idx").on(t.tenantId, t.pipelineId, t.position),
    check("crm_stages_probability_check", sql`probability between 0 and 100`),
  ],
);

export const crmDeals = pgTable(
  "crm_deals",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    title: text().notNull(),
    amountMinor: bigint({ mode: "bigint" }).notNull().default(sql`0`),
    currency: text().notNull(),
    companyId: uuid(),
    ownerId: ownerColumn(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    expectedCloseDate: date({ mode: "string" }),
    /** Overrides the stage's probability when set. */
    probability: integer(),
    status: dealStatus().notNull().default("open"),
    lostReason: text(),
    closedAt: timestamp({ withTimezone: true }),
    stageChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    custom: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** Set while the record is in the trash (./trash): hidden everywhere, purged after 30 days. */
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdBy: createdByColumn(),
    ...timestamps(),
    search: tsvector().generatedAlwaysAs((): SQL => dealSearch),
    /** `search` keyed by the tenant (records/search-key.ts): what search matches on, through its GIN index. */
    searchKey: tsvector().generatedAlwaysAs((): SQL => tenantKeyedVector(dealSearch)),
    /** lower(title), stored: the title sort's key (see sortLowerColumn). */
    sortTitle: sortLowerColumn(sql`title`),
    /**
     * The close date sort's key: undated deals after every dated one. Stored, because a
     * coalesce() is not LEAKPROOF for the planner and could not be the cursor's index condition.
     */
    sortCloseDate: date({ mode: "string" }).generatedAlwaysAs((): SQL => sql`coalesce(expected_close_date, '9999-12-31'::date)`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [crmCompanies.tenantId, crmCompanies.id] }),
    foreignKey({ columns: [t.tenantId, t.pipelineId], foreignColumns: [crmPipelines.tenantId, crmPipelines.id] }),
    foreignKey({ columns: [t.tenantId, t.stageId], foreignColumns: [crmStages.tenantId, crmStages.id] }),
    index("crm_deals_updated_idx").on(t.tenantId, t.updatedAt, t.id).where(sql`deleted_at is null`),
    // The list's other sorts (deals-list.ts DEAL_SORT), each straight from its index.
    index("crm_deals_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("crm_deals_amount_idx").on(t.tenantId, t.amountMinor, t.id),
    index("crm_deals_close_idx").on(t.tenantId, t.sortCloseDate, t.id),
    index("crm_deals_title_idx").on(t.tenantId, t.sortTitle, t.id),
    // Each board column's cards straight from the index, in order (id breaks ties).
    index("crm_deals_board_idx").on(t.tenantId, t.pipelineId, t.stageId, t.stageChangedAt, t.id).where(sql`deleted_at is null`),
    index("crm_deals_owner_idx").on(t.tenantId, t.ownerId, t.updatedAt),
    // The open pipeline's sums (home's "My open deals", the dashboard) read from the index alone:
    // every column they and the visibility policy use is in it.
    index("crm_deals_open_idx")
      .on(t.tenantId, t.ownerId, t.pipelineId, t.stageId, t.currency, t.amountMinor, t.probability, t.id)
      .where(sql`deleted_at is null and status = 'open'`),
    // Deals closed in a range (the dashboard's win rate), without reading every deal.
    index("crm_deals_closed_idx").on(t.tenantId, t.closedAt).where(sql`deleted_at is null and status in ('won', 'lost')`),
    index("crm_deals_company_idx").on(t.tenantId, t.companyId),
    index("crm_deals_search_key_idx").using("gin", t.tenantId, t.searchKey),
    index("crm_deals_trash_idx").on(t.tenantId, t.deletedAt, t.id).where(TRASHED),
    check("crm_deals_probability_check", sql`probability is null or probability between 0 and 100`),
    check("crm_deals_amount_check", sql`amount_minor >= 0`),
    check("crm_deals_currency_check", sql`currency ~ '^[A-Z]{3}$'`),
  ],
);

export const crmDealContacts = pgTable(
  "crm_deal_contacts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    dealId: uuid().notNull(),
    contactId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.dealId, t.contactId] }),
    foreignKey({ columns: [t.tenantId, t.dealId], foreignColumns: [crmDeals.tenantId, crmDeals.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [crmContacts.tenantId, crmContacts.id] }).onDelete("cascade"),
    index("crm_deal_contacts_contact_idx").on(t.tenantId, t.contactId),
  ],
);

/** Notes, logged calls/emails, meetings and tasks, attached to a contact, company and/or deal. */
export const crmActivities = pgTable(
  "crm_activities",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: activityKind().notNull(),
    subject: text().notNull(),
    body: text(),
    /** When it happened (notes, calls, emails) or is scheduled (meetings). */
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp({ withTimezone: true }),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    doneAt: timestamp({ withTimezone: true }),
    contactId: uuid(),
    companyId: uuid(),
    dealId: uuid(),
    createdBy: createdByColumn(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [crmContacts.tenantId, crmContacts.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [crmCompanies.tenantId, crmCompanies.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.dealId], foreignColumns: [crmDeals.tenantId, crmDeals.id] }).onDelete("cascade"),
    index("crm_activities_contact_idx").on(t.tenantId, t.contactId, t.occurredAt),
    index("crm_activities_company_idx").on(t.tenantId, t.companyId, t.occurredAt),
    index("crm_activities_deal_idx").on(t.tenantId, t.dealId, t.occurredAt),
    index("crm_activities_tasks_idx").on(t.tenantId, t.assigneeId, t.dueAt).where(sql`kind = 'task' and done_at is null`),
    index("crm_activities_done_idx").on(t.tenantId, t.assigneeId, t.doneAt).where(sql`kind = 'task' and done_at is not null`),
    check("crm_activities_target_check", sql`num_nonnulls(contact_id, company_id, deal_id) > 0`),
    check("crm_activities_task_check", sql`kind = 'task' or (due_at is null and done_at is null)`),
  ],
);

/** Members following a record: they see it even when visibility is "own or followed". */
export const crmFollowers = pgTable(
  "crm_followers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    entityType: crmEntityType().notNull(),
    entityId: uuid().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entityType, t.entityId, t.userId] }),
    index("crm_followers_user_idx").on(t.tenantId, t.userId, t.entityType, t.entityId),
  ],
);

export type CustomFieldOption = string;

/** Admin-defined fields; values live in the record's `custom` jsonb under `key`. */
export const crmCustomFields = pgTable(
  "crm_custom_fields",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    entityType: crmEntityType().notNull(),
    key: text().notNull(),
    label: text().notNull(),
    type: customFieldType().notNull(),
    options: text().array().notNull().default(sql`'{}'::text[]`),
    required: boolean().notNull().default(false),
    /** Number and money fields: the smallest and largest value allowed (money in major units); null for no bound. */
    minValue: doublePrecision(),
    maxValue: doublePrecision(),
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("crm_custom_fields_key").on(t.tenantId, t.entityType, t.key),
    check("crm_custom_fields_key_check", sql`key ~ '^[a-z][a-z0-9_]{0,62}$'`),
  ],
);

/** A user's saved list filters and sort, per entity type (the records layer's saved views). */
export const crmSavedViews = savedViewsTable("crm_saved_views", crmEntityType);

/** A merge of two records, with what is needed to undo it for 30 days. */
export const crmMerges = pgTable(
  "crm_merges",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    entityType: crmEntityType().notNull(),
    winnerId: uuid().notNull(),
    loserId: uuid().notNull(),
    /** Both records before the merge and the ids of every row moved from loser to winner. */
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    mergedBy: createdByColumn(),
    mergedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true }),
    undoneBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("crm_merges_winner_idx").on(t.tenantId, t.entityType, t.winnerId, t.mergedAt),
    index("crm_merges_loser_idx").on(t.tenantId, t.entityType, t.loserId),
  ],
);

/** CSV imports of contacts or companies: crm_imports, crm_import_files, crm_import_errors (the records layer's import engine). */
export const { status: crmImportStatus, imports: crmImports, files: crmImportFiles, errors: crmImportErrors } = importTables("crm", crmEntityType);
export type { ImportStatus } from "../../records/tables";

/** Bulk actions on CRM lists run as background jobs (src/server/records/bulk.ts). */
export const { status: crmBulkStatus, jobs: crmBulkJobs } = bulkTables("crm", crmEntityType);
