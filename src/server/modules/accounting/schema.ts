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

/*
 * Invoices, bills, credit notes (drizzle/0029_accounting_documents.sql). A document is a
 * draft until posted: posting numbers it (gapless per kind and year, the counter row's lock
 * held to commit), books it through a journal entry and moves its stock. Amounts are whole
 * minor units (bigint); a unit price may carry up to 6 decimals of a minor unit.
 */

export const DOCUMENT_KINDS = ["invoice", "bill", "credit_note", "supplier_credit"] as const;
export const documentKind = pgEnum("accounting_document_kind", DOCUMENT_KINDS);
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const documentStatus = pgEnum("accounting_document_status", ["draft", "posted", "void"]);
export type DocumentStatus = (typeof documentStatus.enumValues)[number];

export const ROUNDING_MODES = ["half_up", "half_even"] as const;
export const roundingMode = pgEnum("accounting_rounding", ROUNDING_MODES);
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const minor = () => bigint({ mode: "bigint" });

/** How invoices are written: rounding, default payment terms, the sender's address and footer (one row per tenant). */
export const accountingDocumentSettings = pgTable("accounting_document_settings", {
  tenantId: tenantIdColumn()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  rounding: roundingMode().notNull().default("half_up"),
  paymentTermsDays: integer().notNull().default(30),
  address: text(),
  footer: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const accountingTaxRates = pgTable(
  "accounting_tax_rates",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    /** Percent: 20 is 20 %. */
    ratePercent: numeric({ precision: 9, scale: 4, mode: "string" }).notNull(),
    /** Prices include it (the tax is taken out of the price) or it is added on top. */
    inclusive: boolean().notNull().default(false),
    /** Where the tax is booked (sales tax payable by default; purchases debit the same account). */
    accountId: uuid().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_tax_rates_name_idx").on(t.tenantId, sql`lower(${t.name})`),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accountingAccounts.tenantId, accountingAccounts.id] }),
    check("accounting_tax_rates_rate", sql`rate_percent >= 0 and rate_percent <= 100`),
  ],
);

/** The last number given per kind and year: its row lock, held to commit, keeps numbers gapless. */
export const accountingDocumentCounters = pgTable(
  "accounting_document_counters",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    kind: documentKind().notNull(),
    year: integer().notNull(),
    lastNumber: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.year] })],
);

export const accountingDocuments = pgTable(
  "accounting_documents",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    kind: documentKind().notNull(),
    status: documentStatus().notNull().default("draft"),
    /** "INV-2026-0001": set when posted. */
    number: text(),
    companyId: uuid(),
    contactId: uuid(),
    /** The party as it was when the document was last saved (what the PDF shows). */
    partyName: text().notNull(),
    partyEmail: text(),
    partyAddress: text(),
    issueDate: date({ mode: "string" }).notNull(),
    dueDate: date({ mode: "string" }),
    currency: text().notNull(),
    /** The supplier's own invoice number, an order number. */
    reference: text(),
    notes: text(),
    paymentTerms: text(),
    /** Stock lines ship from (invoices) or arrive in (bills) this warehouse. */
    warehouseId: uuid(),
    /** A credit note names the invoice (or bill) it credits. */
    creditOf: uuid(),
    subtotal: minor().notNull().default(sql`0`),
    taxTotal: minor().notNull().default(sql`0`),
    total: minor().notNull().default(sql`0`),
    entryId: uuid(),
    voidEntryId: uuid(),
    postedAt: timestamp({ withTimezone: true }),
    voidedAt: timestamp({ withTimezone: true }),
    voidReason: text(),
    createdBy: uuid()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_documents_number_idx").on(t.tenantId, t.kind, t.number).where(sql`number is not null`),
    index("accounting_documents_list_idx").on(t.tenantId, t.kind, t.issueDate, t.id),
    index("accounting_documents_company_idx").on(t.tenantId, t.companyId).where(sql`company_id is not null`),
    index("accounting_documents_contact_idx").on(t.tenantId, t.contactId).where(sql`contact_id is not null`),
    index("accounting_documents_credit_idx").on(t.tenantId, t.creditOf).where(sql`credit_of is not null`),
    foreignKey({ columns: [t.tenantId, t.creditOf], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.entryId], foreignColumns: [accountingEntries.tenantId, accountingEntries.id] }),
    foreignKey({ columns: [t.tenantId, t.voidEntryId], foreignColumns: [accountingEntries.tenantId, accountingEntries.id] }),
    check("accounting_documents_party", sql`company_id is not null or contact_id is not null`),
    check("accounting_documents_posted", sql`(status = 'draft') = (number is null) and (status = 'draft') = (entry_id is null)`),
    check("accounting_documents_due", sql`due_date is null or due_date >= issue_date`),
  ],
);

export const accountingDocumentLines = pgTable(
  "accounting_document_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    documentId: uuid().notNull(),
    lineNo: integer().notNull(),
    productId: uuid(),
    description: text().notNull(),
    quantity: numeric({ precision: 20, scale: 6, mode: "string" }).notNull(),
    /** Minor units, up to 6 decimals (0.125 cents is "0.125"). */
    unitPrice: numeric({ precision: 30, scale: 6, mode: "string" }).notNull(),
    discountPercent: numeric({ precision: 7, scale: 4, mode: "string" }).notNull().default("0"),
    /** Income (invoices) or expense (bills) account; stock lines of a bill go to inventory. */
    accountId: uuid().notNull(),
    /** Minor units after rounding: net + tax = total. */
    net: minor().notNull(),
    tax: minor().notNull(),
    total: minor().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("accounting_document_lines_doc_idx").on(t.tenantId, t.documentId, t.lineNo),
    foreignKey({ columns: [t.tenantId, t.documentId], foreignColumns: [accountingDocuments.tenantId, accountingDocuments.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accountingAccounts.tenantId, accountingAccounts.id] }),
    check("accounting_document_lines_quantity", sql`quantity > 0`),
    check("accounting_document_lines_price", sql`unit_price >= 0`),
    check("accounting_document_lines_discount", sql`discount_percent >= 0 and discount_percent <= 100`),
  ],
);

/** The tax of each rate on each line, as computed and rounded when the document was saved: the tax report sums these. */
export const accountingDocumentLineTaxes = pgTable(
  "accounting_document_line_taxes",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    lineId: uuid().notNull(),
    documentId: uuid().notNull(),
    taxRateId: uuid().notNull(),
    ratePercent: numeric({ precision: 9, scale: 4, mode: "string" }).notNull(),
    inclusive: boolean().notNull(),
    base: minor().notNull(),
    amount: minor().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.lineId, t.taxRateId] }),
    index("accounting_document_line_taxes_doc_idx").on(t.tenantId, t.documentId),
    foreignKey({ columns: [t.tenantId, t.lineId], foreignColumns: [accountingDocumentLines.tenantId, accountingDocumentLines.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.taxRateId], foreignColumns: [accountingTaxRates.tenantId, accountingTaxRates.id] }),
  ],
);

export const paymentDirection = pgEnum("accounting_payment_direction", ["received", "made"]);
export type PaymentDirection = (typeof paymentDirection.enumValues)[number];

/** Money received from a customer or paid to a supplier; what is not allocated to documents is the party's credit. */
export const accountingPayments = pgTable(
  "accounting_payments",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    direction: paymentDirection().notNull(),
    date: date({ mode: "string" }).notNull(),
    companyId: uuid(),
    contactId: uuid(),
    partyName: text().notNull(),
    amount: minor().notNull(),
    currency: text().notNull(),
    /** Cash or bank. */
    accountId: uuid().notNull(),
    method: text(),
    reference: text(),
    entryId: uuid().notNull(),
    voidEntryId: uuid(),
    voidedAt: timestamp({ withTimezone: true }),
    createdBy: uuid()
      .default(currentUserIdDefault)
      .references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("accounting_payments_date_idx").on(t.tenantId, t.date, t.id),
    index("accounting_payments_company_idx").on(t.tenantId, t.companyId).where(sql`company_id is not null`),
    index("accounting_payments_contact_idx").on(t.tenantId, t.contactId).where(sql`contact_id is not null`),
    foreignKey({ columns: [t.tenantId, t.accountId], foreignColumns: [accountingAccounts.tenantId, accountingAccounts.id] }),
    foreignKey({ columns: [t.tenantId, t.entryId], foreignColumns: [accountingEntries.tenantId, accountingEntries.id] }),
    check("accounting_payments_amount", sql`amount > 0`),
    check("accounting_payments_party", sql`company_id is not null or contact_id is not null`),
  ],
);

/** Part of a payment or of a credit note applied to a document (settling it). */
export const accountingAllocations = pgTable(
  "accounting_allocations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id, { onDelete: "cascade" }),
    id: uuid().notNull().defaultRandom(),
    documentId: uuid().notNull(),
    paymentId: uuid(),
    creditNoteId: uuid(),
    amount: minor().notNull(),
    date: date({ mode: "string" }).notNull(),
    /** A voided payment's allocations stay, marked (nothing is deleted). */
    voidedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("accounting_allocations_document_idx").on(t.tenantId, t.documentId),
    index("accounting_allocations_payment_idx").on(t.tenantId, t.paymentId).where(sql`payment_id is not null`),
    index("accounting_allocations_credit_idx").on(t.tenantId, t.creditNoteId).where(sql`credit_note_id is not null`),
    foreignKey({ columns: [t.tenantId, t.documentId], foreignColumns: [accountingDocuments.tenantId, accountingDocuments.id] }),
    foreignKey({ columns: [t.tenantId, t.paymentId], foreignColumns: [accountingPayments.tenantId, accountingPayments.id] }),
    foreignKey({ columns: [t.tenantId, t.creditNoteId], foreignColumns: [accountingDocuments.tenantId, accountingDocuments.id] }),
    check("accounting_allocations_amount", sql`amount > 0`),
    check("accounting_allocations_source", sql`(payment_id is null) <> (credit_note_id is null)`),
  ],
);
