import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { Conflict, NotFound, pgErrorCode, ValidationFailed } from "../../platform/errors";
import { parseInput, plainText } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { ACCOUNT_TYPES, accountingAccounts } from "./schema";

/* The chart of accounts: a tree of typed accounts; the standard chart comes with each organization. */

const MISSING = "This account does not exist.";

/** The standard chart (migration 0026's SQL function, the one definition), for a new organization. */
export async function createStandardChart(tx: TenantTx): Promise<void> {
  await tx.execute(sql`select neuroops_accounting_create_standard_chart()`);
}

const code = plainText()
  .trim()
  .min(1, "Enter the account's code, like 6150.")
  .max(20, "A code can be at most 20 characters.")
  .regex(/^[A-Za-z0-9.:_-]+$/, "A code holds letters, digits and . : _ - only.");

export const createAccountInput = z.object({
  code,
  name: plainText().trim().min(1, "Enter the account's name.").max(200, "A name can be at most 200 characters."),
  type: z.enum(ACCOUNT_TYPES, "Choose asset, liability, equity, income or expense."),
  parentId: z.uuid().nullish(),
  currency: plainText().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code, like USD.").nullish(),
  isTax: z.boolean().default(false),
});

export const updateAccountInput = z.object({
  id: z.uuid(),
  code: code.optional(),
  name: createAccountInput.shape.name.optional(),
  parentId: z.uuid().nullish(),
  active: z.boolean().optional(),
});

export type Account = typeof accountingAccounts.$inferSelect;

const snapshot = ({ tenantId: _t, createdAt: _c, updatedAt: _u, ...rest }: Account) => rest;

async function codeRace<T>(value: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new Conflict(`The code ${value} is already used by another account.`);
    throw error;
  }
}

/** A parent must exist, have the same type, and not be the account itself or below it. */
async function assertParent(tx: TenantTx, parentId: string, type: string, selfId?: string): Promise<void> {
  const rows = await tx.execute<{ id: string; type: string; depth: number }>(sql`
    with recursive up as (
      select id, parent_id, type::text, 0 as depth from accounting_accounts where id = ${parentId}
      union all
      select a.id, a.parent_id, a.type::text, up.depth + 1 from accounting_accounts a join up on a.id = up.parent_id where up.depth < 50)
    select id, type, depth from up`);
  if (!rows.length) throw new ValidationFailed({ parentId: ["This parent account does not exist."] });
  if (rows[0]!.type !== type) throw new ValidationFailed({ parentId: [`A parent must be an ${type} account too.`] });
  if (selfId && rows.some((r) => r.id === selfId)) throw new ValidationFailed({ parentId: ["An account cannot be placed under itself."] });
}

export async function listAccounts(tx: TenantTx) {
  const rows = await tx.select().from(accountingAccounts).orderBy(asc(accountingAccounts.code));
  return rows.map(({ tenantId: _t, ...a }) => a);
}

export async function createAccount(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof createAccountInput>): Promise<Account> {
  const input = parseInput(createAccountInput, rawInput);
  if (input.parentId) await assertParent(tx, input.parentId, input.type);
  const [account] = await codeRace(input.code, () => tx.insert(accountingAccounts).values(input).returning());
  await recordAudit(tx, { action: "accounting.account.created", entityType: "accounting.account", entityId: account!.id, after: snapshot(account!) });
  return account!;
}

export async function updateAccount(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof updateAccountInput>): Promise<Account> {
  const input = parseInput(updateAccountInput, rawInput);
  const [before] = await tx.select().from(accountingAccounts).where(eq(accountingAccounts.id, input.id)).for("update");
  if (!before) throw new NotFound(MISSING);
  if (input.parentId) await assertParent(tx, input.parentId, before.type, before.id);
  if (input.active === false && before.systemKey) throw new Conflict(`${before.name} is used by the app's own postings and stays active.`);
  const { id, ...given } = input;
  const changes = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<Account>;
  const [after] = await codeRace(input.code ?? before.code, () =>
    tx
      .update(accountingAccounts)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(accountingAccounts.id, id))
      .returning(),
  );
  await recordAudit(tx, { action: "accounting.account.updated", entityType: "accounting.account", entityId: id, before: snapshot(before), after: snapshot(after!) });
  return after!;
}

/** Only an account nothing was ever written to can be deleted; otherwise deactivate it. */
export async function deleteAccount(tx: TenantTx, _actor: Actor, id: string): Promise<void> {
  const [account] = await tx.select().from(accountingAccounts).where(eq(accountingAccounts.id, id)).for("update");
  if (!account) throw new NotFound(MISSING);
  const [used] = await tx.execute(sql`select 1 from accounting_lines where account_id = ${id} limit 1`);
  if (used) throw new Conflict(`${account.code} ${account.name} has journal lines: deactivate it instead of deleting it.`);
  const [child] = await tx.execute(sql`select 1 from accounting_accounts where parent_id = ${id} limit 1`);
  if (child) throw new Conflict(`${account.code} ${account.name} has sub-accounts: move or delete them first.`);
  if (account.systemKey) throw new Conflict(`${account.name} is used by the app's own postings and cannot be deleted.`);
  await tx.delete(accountingAccounts).where(eq(accountingAccounts.id, id));
  await recordAudit(tx, { action: "accounting.account.deleted", entityType: "accounting.account", entityId: id, before: snapshot(account) });
}
