import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../../db/tenant";
import { Conflict, NotFound, pgErrorCode, ValidationFailed } from "../../../platform/errors";
import { optionalText, parseInput, plainText } from "../../../platform/validate";
import { recordAudit } from "../../audit/service";
import { accountingAccounts, accountingDocumentSettings, accountingTaxRates, ROUNDING_MODES } from "../schema";
import { parsePercent } from "./money";

/* Settings → Accounting for documents: tax rates, rounding, payment terms, the sender's address. */

export const ratePercentText = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim().replace(/%$/, "").trim())
  .refine((value) => parsePercent(value) !== null && Number(value) <= 100, "Enter a rate between 0 and 100 with at most 4 decimals, like 8.25.");

export const taxRateInput = z.object({
  name: plainText().trim().min(1, "Name the tax rate, like “VAT 20%”.").max(100, "A name can be at most 100 characters."),
  ratePercent: ratePercentText,
  inclusive: z.boolean().default(false),
  /** Default: the standard chart's sales tax payable. */
  accountId: z.uuid().nullish(),
});

export const updateTaxRateInput = z.object({
  id: z.uuid(),
  name: taxRateInput.shape.name.optional(),
  active: z.boolean().optional(),
});

export type TaxRate = typeof accountingTaxRates.$inferSelect;
const rateSnapshot = ({ tenantId: _t, createdAt: _c, updatedAt: _u, ...rest }: TaxRate) => rest;

export async function listTaxRates(tx: TenantTx) {
  const rows = await tx.select().from(accountingTaxRates).orderBy(asc(sql`lower(${accountingTaxRates.name})`));
  return rows.map(rateSnapshot);
}

async function nameRace<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new Conflict(`A tax rate named “${name}” exists already.`);
    throw error;
  }
}

export async function createTaxRate(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof taxRateInput>) {
  const input = parseInput(taxRateInput, rawInput);
  const [account] = await tx.execute<{ id: string; type: string; active: boolean }>(
    input.accountId
      ? sql`select id, type::text, active from accounting_accounts where id = ${input.accountId}`
      : sql`select id, type::text, active from accounting_accounts where system_key = 'sales_tax'`,
  );
  if (!account) throw new ValidationFailed({ accountId: ["Choose the account the tax is booked to."] });
  if (!account.active) throw new ValidationFailed({ accountId: ["This account is inactive."] });
  if (account.type !== "liability" && account.type !== "asset") throw new ValidationFailed({ accountId: ["Book tax to a liability (tax payable) or asset (tax receivable) account."] });
  // The tax lock date applies to entries that touch the account: mark it as a tax account.
  await tx.update(accountingAccounts).set({ isTax: true }).where(eq(accountingAccounts.id, account.id));
  const [rate] = await nameRace(input.name, () =>
    tx.insert(accountingTaxRates).values({ name: input.name, ratePercent: input.ratePercent, inclusive: input.inclusive, accountId: account.id }).returning(),
  );
  await recordAudit(tx, { action: "accounting.tax_rate.created", entityType: "accounting.tax_rate", entityId: rate!.id, after: rateSnapshot(rate!) });
  return rateSnapshot(rate!);
}

/** The rate and its inclusiveness never change (documents keep what they were computed with): create a new rate instead. */
export async function updateTaxRate(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof updateTaxRateInput>) {
  const input = parseInput(updateTaxRateInput, rawInput);
  const [before] = await tx.select().from(accountingTaxRates).where(eq(accountingTaxRates.id, input.id)).for("update");
  if (!before) throw new NotFound("This tax rate does not exist.");
  const [after] = await nameRace(input.name ?? before.name, () =>
    tx
      .update(accountingTaxRates)
      .set({ name: input.name ?? before.name, active: input.active ?? before.active, updatedAt: new Date() })
      .where(eq(accountingTaxRates.id, input.id))
      .returning(),
  );
  await recordAudit(tx, { action: "accounting.tax_rate.updated", entityType: "accounting.tax_rate", entityId: input.id, before: rateSnapshot(before), after: rateSnapshot(after!) });
  return rateSnapshot(after!);
}

export const documentSettingsInput = z.object({
  rounding: z.enum(ROUNDING_MODES, "Choose half up or half to even."),
  paymentTermsDays: z.number().int("Enter whole days.").min(0, "Enter 0 days or more.").max(365, "Payment terms can be at most 365 days."),
  address: optionalText(500, "The address", { multiline: true }),
  footer: optionalText(500, "The footer", { multiline: true }),
});

export async function getDocumentSettings(tx: TenantTx) {
  const [row] = await tx.select().from(accountingDocumentSettings);
  if (row) {
    const { tenantId: _t, updatedAt: _u, ...settings } = row;
    return settings;
  }
  return { rounding: "half_up" as const, paymentTermsDays: 30, address: null, footer: null };
}

export async function setDocumentSettings(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof documentSettingsInput>) {
  const input = parseInput(documentSettingsInput, rawInput);
  const before = await getDocumentSettings(tx);
  const values = { rounding: input.rounding, paymentTermsDays: input.paymentTermsDays, address: input.address ?? null, footer: input.footer ?? null };
  await tx
    .insert(accountingDocumentSettings)
    .values(values)
    .onConflictDoUpdate({ target: accountingDocumentSettings.tenantId, set: { ...values, updatedAt: new Date() } });
  await recordAudit(tx, { action: "accounting.document_settings.updated", entityType: "accounting.settings", entityId: null, before, after: values });
  return getDocumentSettings(tx);
}
