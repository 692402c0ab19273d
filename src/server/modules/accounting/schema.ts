import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, date, foreignKey, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { currentUserIdDefault, tenantIdColumn, timestamps } from "../../db/columns";
import { users } from "../accounts/schema";
import { tenants } from "../orgs/schema";

/*
 * Accounting tables (drizzle/0027_accounting.sql holds the rules the database enforces
 * for every role, raw SQL included):
 *  - a posted entry and its lines can never be updated or deleted, and no line can be
 *    added to a posted entry;
 *  - a posted entry balances per currency (checked at commit by a deferred constraint
 *    trigger, so lines can be written before the entry is posted in one transaction);
 *  - nothing is posted on or before the lock date that applies to the caller;
 *  - posting numbers the entry (gapless per tenant) and chains it: SHA-256 over the
 *    previous posted entry's hash and this entry's content, so a later change is detectable;
 *  - per-account monthly balances are kept by the posting, in the same transaction.
 * Amounts are numeric in the currency's minor units (cents), non-negative, each line a
 * debit or a credit.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
const amount = () => numeric({ precision: 30, scale: 8, mode: "string" });

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "income", "expense"] as const;
export const accountType = pgEnum("accounting_account_type", ACCOUNT_TYPES);
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const ENTRY_SOURCES = ["manual", "invoice", "bill", "payment", "stock", "import", "closing", "reversal"] as const;
export const entrySource = pgEnum("accounting_entry_source", ENTRY_SOURCES);
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const entryStatus = pgEnum("accounting_entry_status", ["draft", "posted"]);
export type EntryStatus = (typeof entryStatus.enumValues)[number];

export const accountingAccounts = pgTable(
  "accounting_accounts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    type: accountType().notNull(),
    parentId: uuid(),
    /** ISO 4217; null: any currency. */
    currency: text(),
    active: boolean().notNull().default(true),
    /** The standard chart's role of the account ("cash", "receivable", …): what other modules post to. */
    systemKey: text(),
    /** Lines on it are tax: the tax lock date applies to entries that touch it. */
    isTax: boolean().notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_accounts_code_idx").on(t.tenantId, t.code),
    uniqueIndex("accounting_accounts_system_idx").on(t.tenantId, t.systemKey).where(sql`system_key is not null`),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  ],
);

/** One row per tenant: lock dates and the posting counter (its row lock makes numbers gapless). */
export const accountingSettings = pgTable(
  "accounting_settings",
  {
    tenantId: tenantIdColumn()
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Nobody posts on or before it. */
    lockDate: date({ mode: "string" }),
    /** Members (not owners and admins) post nothing on or before it; never before lockDate. */
    memberLockDate: date({ mode: "string" }),
    /** Entries touching tax accounts are locked on or before it. */
    taxLockDate: date({ mode: "string" }),
    /** The number of the last posted entry. */
    lastNumber: bigint({ mode: "number" }).notNull().default(sql`0`),
    lastHash: bytea(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  () => [check("accounting_settings_lock_order", sql`lock_date is null or member_lock_date is null or member_lock_date >= lock_date`)],
);

export const accountingEntries = pgTable(
  "accounting_entries",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    /** Gapless per tenant, set when posted. */
    number: bigint({ mode: "number" }),
    date: date({ mode: "string" }).notNull(),
    memo: text().notNull().default(""),
    source: entrySource().notNull().default("manual"),
    /** The source document (an invoice's id) when there is one. */
    sourceId: text(),
    status: entryStatus().notNull().default("draft"),
    /** A reversal names the entry it reverses (the original is never changed). */
    reversalOf: uuid(),
    postedAt: timestamp({ withTimezone: true }),
    postedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    /** SHA-256 of the previous posted entry's hash and this entry's content. */
    previousHash: bytea(),
    hash: bytea(),
    createdBy: uuid()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_entries_number_idx").on(t.tenantId, t.number).where(sql`number is not null`),
    index("accounting_entries_date_idx").on(t.tenantId, t.date, t.id),
    uniqueIndex("accounting_entries_reversal_idx").on(t.tenantId, t.reversalOf).where(sql`reversal_of is not null`),
    index("accounting_entries_source_idx").on(t.tenantId, t.source, t.sourceId).where(sql`source_id is not null`),
    foreignKey({ columns: [t.tenantId, t.reversalOf], foreignColumns: [t.tenantId, t.id] }),
    check("accounting_entries_posted", sql`(status = 'posted') = (number is not null and hash is not null and posted_at is not null)`),
  ],
);

export const accountingLines = pgTable(
  "accounting_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    entryId: uuid().notNull(),
    lineNo: integer().notNull(),
    accountId: uuid().notNull(),
    currency: text().notNull(),
    debit: amount().notNull().default("0"),
    credit: amount().notNull().default("0"),
    description: text(),
    contactId: uuid(),
    companyId: uuid(),
    productId: uuid(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_lines_entry_idx").on(t.tenantId, t.entryId, t.lineNo),
    index("accounting_lines_account_idx").on(t.tenantId, t.accountId, t.entryId),
    foreignKey({ columns: [t.tenantId, t.entryId], foreignColumns: [accountingEntries.tenantId, accountingEntries.id] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accountingAccounts.tenantId, accountingAccounts.id] }),
    check("accounting_lines_one_side", sql`debit >= 0 and credit >= 0 and (debit = 0) <> (credit = 0)`),
    check("accounting_lines_currency", sql`currency ~ '^[^[:space:]]{1,24}$'`),
  ],
);

/** Posted debits and credits per account, currency and month: what reports sum (kept by the posting trigger). */
export const accountingPeriodBalances = pgTable(
  "accounting_period_balances",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    accountId: uuid().notNull(),
    currency: text().notNull(),
    /** The first day of the month. */
    period: date({ mode: "string" }).notNull(),
    /** Closing entries (income and expenses moved to retained earnings) apart: the profit and loss leaves them out. */
    closing: boolean().notNull().default(false),
    debit: amount().notNull().default("0"),
    credit: amount().notNull().default("0"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.accountId, t.currency, t.period, t.closing] }),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accountingAccounts.tenantId, accountingAccounts.id] }),
  ],
);
