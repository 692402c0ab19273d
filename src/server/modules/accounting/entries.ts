import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { invalidateTenantCacheOnCommit } from "../../platform/cache";
import { Conflict, NotFound, pgErrorCode, ValidationFailed } from "../../platform/errors";
import { optionalText, parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { currentOrganization } from "../orgs/settings";
import { publishEvent } from "../../jobs/publish";
import { writtenAmount } from "./amounts";
import { ITEM_POSTED } from "./events";
import { accountingAccounts, accountingEntries, accountingLines, ENTRY_SOURCES } from "./schema";

/*
 * Journal entries: a draft is written freely; posting (admins) hands it to the database,
 * which numbers, chains and locks it (drizzle/0026_accounting.sql) and checks at commit
 * that it balances per currency. A posted entry is corrected by a reversal entry.
 */

const MISSING = "This journal entry does not exist.";

/** An amount in the currency's minor units, as decimal text: "1250" is 12.50 USD. At most 8 decimals (other commodities). */
const minorAmount = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value).trim())
  .refine((value) => /^\d{1,20}(\.\d{1,8})?$/.test(value), "Enter the amount in minor units, like 1250 for 12.50.");

const lineInput = z
  .object({
    accountId: z.uuid("Choose an account."),
    debit: minorAmount.optional(),
    credit: minorAmount.optional(),
    /** An ISO currency ("USD") or, for imported ledgers, any commodity symbol without spaces, kept as written. */
    currency: z
      .string()
      .trim()
      .regex(/^\S{1,24}$/, "Use a currency code, like USD.")
      .optional(),
    description: optionalText(500, "A line's description"),
    contactId: z.uuid().nullish(),
    companyId: z.uuid().nullish(),
    productId: z.uuid().nullish(),
  })
  .refine((line) => isPositive(line.debit) !== isPositive(line.credit), { message: "Enter a debit or a credit on each line (one of them, above zero).", path: ["debit"] });

function isPositive(value: string | undefined): boolean {
  return value !== undefined && /[1-9]/.test(value);
}

const isoDay = z.iso.date("Enter the date like 2026-03-31.");

export const draftInput = z.object({
  date: isoDay,
  memo: optionalText(500, "A memo").transform((value) => value ?? ""),
  lines: z.array(lineInput).min(2, "An entry needs at least two lines.").max(500, "An entry can have at most 500 lines."),
  source: z.enum(ENTRY_SOURCES).default("manual"),
  sourceId: optionalText(100, "A source reference"),
});

export const updateDraftInput = draftInput.extend({ id: z.uuid() });

type Line = z.output<typeof lineInput>;

/** A user-facing refusal from the database's rules (lock dates, balance, immutability) as a Conflict with its own words. */
function databaseRefusal(error: unknown): never {
  const code = pgErrorCode(error);
  const cause = (error as { cause?: { message?: string } }).cause;
  const message = cause?.message ?? (error as Error).message;
  if (code === "23514" || code === "23001") throw new Conflict(message);
  throw error;
}

async function writeLines(tx: TenantTx, entryId: string, lines: Line[]): Promise<void> {
  await writeLinesOf(tx, [{ entryId, lines }]);
}

/** Rows per insert statement when writing many entries (well under the protocol's 65,535 parameters). */
const ROWS_PER_INSERT = 1_000;

/** The lines of one or more drafts, checked against their accounts first (problems keyed `lines.i…`, or `entries.n.lines.i…` for several). */
async function writeLinesOf(tx: TenantTx, entries: { entryId: string; lines: Line[] }[]): Promise<void> {
  const baseCurrency = (await currentOrganization(tx)).baseCurrency;
  const accounts = await tx
    .select({ id: accountingAccounts.id, active: accountingAccounts.active, currency: accountingAccounts.currency, name: accountingAccounts.name })
    .from(accountingAccounts)
    .where(inArray(accountingAccounts.id, [...new Set(entries.flatMap((e) => e.lines.map((l) => l.accountId)))]));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const problems: Record<string, string[]> = {};
  entries.forEach(({ lines }, n) => {
    const at = entries.length === 1 ? "" : `entries.${n}.`;
    lines.forEach((line, i) => {
      const account = byId.get(line.accountId);
      const currency = line.currency ?? account?.currency ?? baseCurrency;
      if (!account) problems[`${at}lines.${i}.accountId`] = ["This account does not exist."];
      else if (!account.active) problems[`${at}lines.${i}.accountId`] = [`${account.name} is inactive.`];
      else if (account.currency && account.currency !== currency) problems[`${at}lines.${i}.currency`] = [`${account.name} is kept in ${account.currency}.`];
    });
  });
  if (Object.keys(problems).length) throw new ValidationFailed(problems);
  const rows = entries.flatMap(({ entryId, lines }) =>
    lines.map((line, i) => ({
      entryId,
      lineNo: i + 1,
      accountId: line.accountId,
      currency: line.currency ?? byId.get(line.accountId)!.currency ?? baseCurrency,
      debit: line.debit ?? "0",
      credit: line.credit ?? "0",
      description: line.description,
      contactId: line.contactId ?? null,
      companyId: line.companyId ?? null,
      productId: line.productId ?? null,
    })),
  );
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) await tx.insert(accountingLines).values(rows.slice(at, at + ROWS_PER_INSERT));
}

/** Writes a draft and its lines; its id (createDraft audits it and reads it back). */
export async function insertDraft(tx: TenantTx, rawInput: z.input<typeof draftInput>): Promise<string> {
  const input = parseInput(draftInput, rawInput);
  const [entry] = await tx.insert(accountingEntries).values({ date: input.date, memo: input.memo, source: input.source, sourceId: input.sourceId }).returning({ id: accountingEntries.id });
  await writeLines(tx, entry!.id, input.lines);
  return entry!.id;
}

export async function createDraft(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof draftInput>) {
  const input = parseInput(draftInput, rawInput);
  const id = await insertDraft(tx, input);
  await recordAudit(tx, { action: "accounting.entry.drafted", entityType: "accounting.entry", entityId: id, after: { date: input.date, memo: input.memo, lines: input.lines.length } });
  return getEntry(tx, id);
}

async function lockDraft(tx: TenantTx, id: string) {
  const [entry] = await tx.select().from(accountingEntries).where(eq(accountingEntries.id, id)).for("update");
  if (!entry) throw new NotFound(MISSING);
  if (entry.status === "posted") throw new Conflict(`Entry ${entry.number} is posted: it cannot be changed. Reverse it instead.`);
  return entry;
}

export async function updateDraft(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof updateDraftInput>) {
  const input = parseInput(updateDraftInput, rawInput);
  await lockDraft(tx, input.id);
  await tx.delete(accountingLines).where(eq(accountingLines.entryId, input.id));
  await tx.update(accountingEntries).set({ date: input.date, memo: input.memo, sourceId: input.sourceId, updatedAt: new Date() }).where(eq(accountingEntries.id, input.id));
  await writeLines(tx, input.id, input.lines);
  await recordAudit(tx, { action: "accounting.entry.updated", entityType: "accounting.entry", entityId: input.id, after: { date: input.date, memo: input.memo, lines: input.lines.length } });
  return getEntry(tx, input.id);
}

export async function deleteDraft(tx: TenantTx, _actor: Actor, id: string): Promise<void> {
  const entry = await lockDraft(tx, id);
  await tx.delete(accountingLines).where(eq(accountingLines.entryId, id));
  await tx.delete(accountingEntries).where(eq(accountingEntries.id, id));
  await recordAudit(tx, { action: "accounting.entry.deleted", entityType: "accounting.entry", entityId: id, before: { date: entry.date, memo: entry.memo } });
}

/** Checks drafts balance per currency before handing them to the database (which checks again at commit). */
async function assertBalanced(tx: TenantTx, ids: string[]): Promise<void> {
  const rows = await tx.execute<{ entry_id: string; currency: string; debit: string; credit: string }>(sql`
    select entry_id, currency, sum(debit)::text as debit, sum(credit)::text as credit from accounting_lines where entry_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
     group by entry_id, currency having sum(debit) <> sum(credit) order by entry_id, currency`);
  if (rows.length) {
    const which = (entryId: string) => (ids.length === 1 ? "The entry" : `Entry ${ids.indexOf(entryId) + 1} of ${ids.length}`);
    throw new ValidationFailed(
      { lines: rows.map((r) => `${which(r.entry_id)} does not balance in ${r.currency}: debits ${writtenAmount(r.debit, r.currency)}, credits ${writtenAmount(r.credit, r.currency)}.`) },
      ids.length === 1 ? "The entry does not balance." : "An entry does not balance.",
    );
  }
}

export function trimAmount(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Posts a draft (the database numbers, chains and locks it, and refuses it on a locked date); postEntry also audits it. */
export async function postDraft(tx: TenantTx, actor: Actor, id: string): Promise<void> {
  await lockDraft(tx, id);
  await assertBalanced(tx, [id]);
  try {
    await tx.execute(sql`update accounting_entries set status = 'posted', posted_by = ${actor.userId}, updated_at = now() where id = ${id}`);
  } catch (error) {
    databaseRefusal(error);
  }
  // Every posting (documents, payments, imports, closing) passes here: the dashboard's figures change.
  invalidateTenantCacheOnCommit(tx, "analytics");
}

/**
 * Drafts and posts many entries in one go, for feeds (a till's daily takings, a bank or payroll
 * file): the checks of insertDraft and postDraft (input, accounts, balance per currency), the
 * drafts and their lines written in a few statements, then each posted in the given order by its
 * own update, so the database numbers, chains and checks every entry as it does one posted alone.
 * Nothing is posted unless all are valid. Not audited per entry (the caller records one audit for
 * the batch) and no ITEM_POSTED: use createDraft/postEntry for entries people write. The ids, in order.
 */
export async function postEntries(tx: TenantTx, actor: Actor, rawInputs: readonly z.input<typeof draftInput>[]): Promise<string[]> {
  const inputs = rawInputs.map((raw) => parseInput(draftInput, raw));
  if (!inputs.length) return [];
  const ids = inputs.map(() => randomUUID());
  const entries = inputs.map((input, i) => ({ id: ids[i]!, date: input.date, memo: input.memo, source: input.source, sourceId: input.sourceId }));
  for (let at = 0; at < entries.length; at += ROWS_PER_INSERT) await tx.insert(accountingEntries).values(entries.slice(at, at + ROWS_PER_INSERT));
  await writeLinesOf(
    tx,
    inputs.map((input, i) => ({ entryId: ids[i]!, lines: input.lines })),
  );
  await assertBalanced(tx, ids);
  try {
    for (const id of ids) await tx.execute(sql`update accounting_entries set status = 'posted', posted_by = ${actor.userId}, updated_at = now() where id = ${id}`);
  } catch (error) {
    databaseRefusal(error);
  }
  invalidateTenantCacheOnCommit(tx, "analytics");
  return ids;
}

export async function postEntry(tx: TenantTx, actor: Actor, id: string) {
  await postDraft(tx, actor, id);
  const entry = await getEntry(tx, id);
  await recordAudit(tx, { action: "accounting.entry.posted", entityType: "accounting.entry", entityId: id, after: { number: entry.number, date: entry.date, memo: entry.memo } });
  if (entry.source === "manual") await publishEvent(tx, { event: ITEM_POSTED, data: { kind: "journal_entry", id } });
  return entry;
}

export const reverseInput = z.object({ id: z.uuid(), date: isoDay.optional(), memo: optionalText(500, "A memo") });

/** A reversal: a new posted entry with every line's debit and credit swapped, linked to the original. */
export async function reverseEntry(tx: TenantTx, actor: Actor, rawInput: z.input<typeof reverseInput>) {
  const input = parseInput(reverseInput, rawInput);
  const [original] = await tx.select().from(accountingEntries).where(eq(accountingEntries.id, input.id));
  if (!original) throw new NotFound(MISSING);
  if (original.status !== "posted") throw new Conflict("Only a posted entry is reversed; a draft can simply be changed or deleted.");
  const [already] = await tx.select({ number: accountingEntries.number }).from(accountingEntries).where(eq(accountingEntries.reversalOf, input.id));
  if (already) throw new Conflict(`Entry ${original.number} was already reversed by entry ${already.number ?? "(draft)"}.`);
  const date = input.date ?? (await organizationToday(tx));
  let reversalId: string;
  try {
    const [reversal] = await tx
      .insert(accountingEntries)
      .values({ date, memo: input.memo ?? `Reversal of entry ${original.number}${original.memo ? `: ${original.memo}` : ""}`, source: "reversal", reversalOf: original.id })
      .returning({ id: accountingEntries.id });
    reversalId = reversal!.id;
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new Conflict(`Entry ${original.number} was already reversed.`);
    throw error;
  }
  await tx.execute(sql`
    insert into accounting_lines (entry_id, line_no, account_id, currency, debit, credit, description, contact_id, company_id, product_id)
    select ${reversalId}, line_no, account_id, currency, credit, debit, description, contact_id, company_id, product_id
      from accounting_lines where entry_id = ${original.id}`);
  try {
    await tx.execute(sql`update accounting_entries set status = 'posted', posted_by = ${actor.userId} where id = ${reversalId}`);
  } catch (error) {
    databaseRefusal(error);
  }
  invalidateTenantCacheOnCommit(tx, "analytics");
  const entry = await getEntry(tx, reversalId);
  await recordAudit(tx, { action: "accounting.entry.reversed", entityType: "accounting.entry", entityId: original.id, after: { number: original.number, reversalNumber: entry.number, date } });
  return entry;
}

/** Today in the organization's time zone (YYYY-MM-DD). */
export async function organizationToday(tx: TenantTx): Promise<string> {
  const { timeZone } = await currentOrganization(tx);
  const [row] = await tx.execute<{ day: string }>(sql`select (now() at time zone ${timeZone})::date::text as day`);
  return row!.day;
}

export async function getEntry(tx: TenantTx, id: string) {
  const [entry] = await tx.select().from(accountingEntries).where(eq(accountingEntries.id, id));
  if (!entry) throw new NotFound(MISSING);
  const lines = await tx.execute<{ id: string; line_no: number; account_id: string; code: string; name: string; currency: string; debit: string; credit: string; description: string | null }>(sql`
    select l.id, l.line_no, l.account_id, a.code, a.name, l.currency, l.debit::text, l.credit::text, l.description
      from accounting_lines l join accounting_accounts a on a.id = l.account_id
     where l.entry_id = ${id} order by l.line_no`);
  const [reversedBy] = await tx.select({ id: accountingEntries.id, number: accountingEntries.number }).from(accountingEntries).where(eq(accountingEntries.reversalOf, id));
  const { tenantId: _t, hash, previousHash, ...fields } = entry;
  return {
    ...fields,
    hash: hash ? Buffer.from(hash).toString("hex") : null,
    previousHash: previousHash ? Buffer.from(previousHash).toString("hex") : null,
    reversedBy: reversedBy ?? null,
    lines: lines.map((l) => ({ id: l.id, lineNo: l.line_no, accountId: l.account_id, accountCode: l.code, accountName: l.name, currency: l.currency, debit: trimAmount(l.debit), credit: trimAmount(l.credit), description: l.description })),
  };
}

export const entryListInput = z.object({
  status: z.enum(["draft", "posted"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Entries dated before this one's (date, id): the next page. */
  before: z.object({ date: isoDay, id: z.uuid() }).nullish(),
});

export async function listEntries(tx: TenantTx, rawInput: z.input<typeof entryListInput>) {
  const input = parseInput(entryListInput, rawInput);
  const conditions = [
    input.status ? eq(accountingEntries.status, input.status) : undefined,
    input.before ? sql`(${accountingEntries.date}, ${accountingEntries.id}) < (${input.before.date}::date, ${input.before.id}::uuid)` : undefined,
  ];
  const rows = await tx
    .select({ id: accountingEntries.id, number: accountingEntries.number, date: accountingEntries.date, memo: accountingEntries.memo, source: accountingEntries.source, status: accountingEntries.status })
    .from(accountingEntries)
    .where(and(...conditions))
    .orderBy(desc(accountingEntries.date), desc(accountingEntries.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > input.limit && last ? { date: last.date, id: last.id } : null };
}

