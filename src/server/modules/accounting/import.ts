import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { ValidationFailed } from "../../platform/errors";
import { recordAudit } from "../audit/service";
import { storageDigits } from "./amounts";
import { insertDraft, postDraft } from "./entries";
import type { AccountType } from "./schema";

/*
 * Import of historical journal entries (a migration from another system), as a JSON array
 * of { date, description, postings: [{ account, amount, commodity, cost? }] }: positive
 * amounts are debits, negative credits; accounts are colon-separated paths, created as
 * needed (with their parents) with the type of their first segment, and named exactly as
 * written. Every entry must balance per commodity after costs, exactly or within half a
 * unit of the commodity's last decimal place as written there; otherwise nothing is
 * imported and the refusal names the entry and why. Each entry is remembered by a digest
 * of its content (and its occurrence in the file), so importing a file again adds nothing.
 *
 * The database keeps every posted entry balanced per commodity, so a posting with a cost
 * gets its conversion written out on `equity:conversion` (the commodity leaves, its cost
 * arrives), as plain-text accounting tools do with --infer-equity; a residual within the
 * tolerance goes to `equity:rounding`. Amounts of ISO currencies are stored in minor units
 * (12.50 USD → 1250), other commodities as written (up to 8 decimals).
 */

const SYMBOLS: Record<string, string> = { $: "USD", "€": "EUR", "£": "GBP" };

const TYPE_OF_ROOT: Record<string, AccountType> = {
  asset: "asset",
  assets: "asset",
  liability: "liability",
  liabilities: "liability",
  equity: "equity",
  income: "income",
  revenue: "income",
  revenues: "income",
  expense: "expense",
  expenses: "expense",
};

const DECIMAL = /^[+-]?\d+(\.\d{1,8})?$/;
const amountText = z.union([z.string(), z.number()]).transform((value) => String(value).trim());

const postingSchema = z.object({
  account: z.string().trim().min(1).max(500),
  amount: amountText,
  commodity: z.string().trim().min(1).max(24),
  cost: z.object({ kind: z.enum(["unit", "total"]), amount: amountText, commodity: z.string().trim().min(1).max(24) }).optional(),
});
const entrySchema = z.object({
  date: z.iso.date(),
  description: z.string().max(2000).default(""),
  postings: z.array(postingSchema).min(1).max(240),
});
export const importFileSchema = z.array(entrySchema).max(200_000);

/** An exact decimal as a bigint scaled by 10^8, and how many decimals were written. */
type Exact = { units: bigint; decimals: number };
const SCALE = 8;

function exact(text: string): Exact | null {
  if (!DECIMAL.test(text)) return null;
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const units = BigInt(whole!) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, "0"));
  return { units: negative ? -units : units, decimals: fraction.length };
}

function times(a: bigint, b: bigint): bigint {
  // Both scaled by 10^8: the product rounded half away from zero back to 10^8.
  const product = a * b;
  const divisor = 10n ** BigInt(SCALE);
  const quotient = product / divisor;
  const remainder = product % divisor;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  return twice >= divisor ? quotient + (product < 0n ? -1n : 1n) : quotient;
}

export function commodityCode(symbol: string): string {
  return SYMBOLS[symbol] ?? symbol;
}

/** A scaled amount in the commodity's storage units, as decimal text (non-negative). */
function stored(units: bigint, commodity: string): string {
  const magnitude = units < 0n ? -units : units;
  const shifted = magnitude * 10n ** BigInt(storageDigits(commodity));
  const divisor = 10n ** BigInt(SCALE);
  const whole = shifted / divisor;
  const fraction = (shifted % divisor).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

type Line = { account: string; commodity: string; units: bigint };
export type PlannedEntry = { index: number; date: string; description: string; digest: string; lines: Line[]; residuals: { commodity: string; units: bigint }[] };

function refuse(index: number, entry: { date?: string; description?: string } | undefined, reason: string): never {
  const what = `Entry ${index + 1}${entry?.date ? ` (${entry.date}${entry.description ? ` “${entry.description.slice(0, 60)}”` : ""})` : ""}`;
  throw new ValidationFailed({ file: [`${what}: ${reason}`] }, `${what}: ${reason}`);
}

/** Checks the whole file and plans its entries; throws naming the first entry that cannot be imported. */
export function planImport(raw: unknown): PlannedEntry[] {
  if (!Array.isArray(raw)) throw new ValidationFailed({ file: ["The file must hold a JSON array of entries."] }, "The file must hold a JSON array of entries.");
  const seen = new Map<string, number>();
  return raw.map((item, index) => {
    const parsed = entrySchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      refuse(index, item as { date?: string }, `${issue.path.join(".") || "the entry"}: ${issue.message}`);
    }
    const entry = parsed.data;
    const lines: Line[] = [];
    const sums = new Map<string, bigint>();
    const decimals = new Map<string, number>();
    const add = (commodity: string, units: bigint, written: number) => {
      sums.set(commodity, (sums.get(commodity) ?? 0n) + units);
      decimals.set(commodity, Math.max(decimals.get(commodity) ?? 0, written));
    };
    for (const [p, posting] of entry.postings.entries()) {
      const root = posting.account.split(":")[0]!.toLowerCase();
      if (!TYPE_OF_ROOT[root]) refuse(index, entry, `posting ${p + 1}: the account ${posting.account} does not start with assets, liabilities, equity, income, revenue or expenses.`);
      if (posting.account.split(":").some((segment) => segment.trim() === "")) refuse(index, entry, `posting ${p + 1}: the account ${posting.account} has an empty part.`);
      const amount = exact(posting.amount);
      if (!amount) refuse(index, entry, `posting ${p + 1}: the amount ${posting.amount} is not a decimal number with at most 8 decimals.`);
      if (amount.units === 0n) refuse(index, entry, `posting ${p + 1}: the amount is zero.`);
      const commodity = commodityCode(posting.commodity);
      if (/\s/.test(commodity)) refuse(index, entry, `posting ${p + 1}: the commodity ${posting.commodity} contains a space.`);
      lines.push({ account: posting.account, commodity, units: amount.units });
      if (!posting.cost) {
        add(commodity, amount.units, amount.decimals);
        continue;
      }
      const cost = exact(posting.cost.amount);
      if (!cost || cost.units < 0n) refuse(index, entry, `posting ${p + 1}: the cost ${posting.cost.amount} is not a positive decimal number.`);
      const costCommodity = commodityCode(posting.cost.commodity);
      if (costCommodity === commodity) refuse(index, entry, `posting ${p + 1}: a cost must be in another commodity than the amount.`);
      const value = posting.cost.kind === "unit" ? times(amount.units, cost.units) : amount.units < 0n ? -cost.units : cost.units;
      // The cost commodity's precision is that of the cost as written (a unit cost of 9.95 is to the cent).
      add(costCommodity, value, cost.decimals);
      // The conversion, written out so each commodity balances on its own.
      lines.push({ account: "equity:conversion", commodity, units: -amount.units }, { account: "equity:conversion", commodity: costCommodity, units: value });
    }
    const residuals: PlannedEntry["residuals"] = [];
    for (const [commodity, sum] of sums) {
      if (sum === 0n) continue;
      // Half a unit of the last decimal place written for this commodity in the entry.
      const tolerance = 10n ** BigInt(SCALE - (decimals.get(commodity) ?? 0)) / 2n;
      if ((sum < 0n ? -sum : sum) > tolerance) {
        refuse(index, entry, `it does not balance in ${commodity}: the postings add up to ${stored(sum, "X")}${sum < 0n ? " (credit)" : " (debit)"}.`);
      }
      residuals.push({ commodity, units: -sum });
      lines.push({ account: "equity:rounding", commodity, units: -sum });
    }
    const canonical = JSON.stringify([entry.date, entry.description, entry.postings.map((p) => [p.account, p.amount, p.commodity, p.cost ?? null])]);
    const base = createHash("sha256").update(canonical).digest("hex").slice(0, 40);
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return { index, date: entry.date, description: entry.description, digest: `${base}:${occurrence}`, lines, residuals };
  });
}

/** `(a, b, …)` for an IN condition; `(null)` matches nothing when the list is empty. */
function list(values: string[]) {
  return values.length ? sql`(${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`(null)`;
}

/** The account of a path, created (with its parents) when new. */
async function accountsFor(tx: TenantTx, paths: string[]): Promise<Map<string, string>> {
  const all = new Set<string>();
  for (const path of paths) {
    const parts = path.split(":");
    for (let i = 1; i <= parts.length; i++) all.add(parts.slice(0, i).join(":"));
  }
  const ordered = [...all].sort((a, b) => a.split(":").length - b.split(":").length || a.localeCompare(b));
  const ids = new Map<string, string>();
  const existing = await tx.execute<{ id: string; code: string }>(sql`select id, code from accounting_accounts where code in ${list(ordered)}`);
  for (const row of existing) ids.set(row.code, row.id);
  for (const path of ordered) {
    if (ids.has(path)) continue;
    const type = TYPE_OF_ROOT[path.split(":")[0]!.toLowerCase()]!;
    const parent = path.includes(":") ? ids.get(path.slice(0, path.lastIndexOf(":")))! : null;
    const [created] = await tx.execute<{ id: string }>(sql`
      insert into accounting_accounts (code, name, type, parent_id) values (${path}, ${path}, ${type}::accounting_account_type, ${parent}) returning id`);
    ids.set(path, created!.id);
  }
  return ids;
}

export type ImportResult = { entries: number; imported: number; skipped: number; accountsCreated: number; residuals: number };

/**
 * Imports a parsed file in the caller's transaction: all of it or (on any refusal) none.
 * Entries already imported (same content and occurrence) are skipped.
 */
export async function importJournal(tx: TenantTx, actor: Actor, raw: unknown): Promise<ImportResult> {
  const planned = planImport(raw);
  const digests = planned.map((p) => p.digest);
  const done = new Set(
    (await tx.execute<{ source_id: string }>(sql`select source_id from accounting_entries where source = 'import' and source_id in ${list(digests)}`)).map((r) => r.source_id),
  );
  const todo = planned.filter((p) => !done.has(p.digest));
  const [before] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_accounts`);
  const accounts = await accountsFor(tx, [...new Set(todo.flatMap((p) => p.lines.map((l) => l.account)))]);
  for (const entry of todo) {
    const lines = entry.lines.map((line) => ({
      accountId: accounts.get(line.account)!,
      currency: line.commodity,
      ...(line.units > 0n ? { debit: stored(line.units, line.commodity) } : { credit: stored(line.units, line.commodity) }),
      description: line.account === "equity:rounding" ? "Rounding residual of the imported entry" : null,
    }));
    // A draft needs two lines; an entry of one posting cannot balance and was refused above.
    const memo = entry.description.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim().slice(0, 500);
    const id = await insertDraft(tx, { date: entry.date, memo, source: "import", sourceId: entry.digest, lines });
    await postDraft(tx, actor, id);
  }
  const [after] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from accounting_accounts`);
  const result = { entries: planned.length, imported: todo.length, skipped: planned.length - todo.length, accountsCreated: after!.n - before!.n, residuals: todo.reduce((n, p) => n + p.residuals.length, 0) };
  await recordAudit(tx, { action: "accounting.journal.imported", entityType: "accounting.journal", entityId: null, after: result });
  return result;
}
