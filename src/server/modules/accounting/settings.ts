import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor, TenantTx } from "../../db/tenant";
import { ValidationFailed } from "../../platform/errors";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import { accountingSettings } from "./schema";

/* Lock dates (Settings → Accounting): enforced by the database when an entry is posted. */

const day = z.iso.date("Enter the date like 2026-03-31.").nullable();

export const lockDatesInput = z.object({ lockDate: day, memberLockDate: day, taxLockDate: day });

export async function getLockDates(tx: TenantTx) {
  await tx.execute(sql`insert into accounting_settings (tenant_id) values (nullif(current_setting('app.tenant_id', true), '')::uuid) on conflict do nothing`);
  const [row] = await tx
    .select({ lockDate: accountingSettings.lockDate, memberLockDate: accountingSettings.memberLockDate, taxLockDate: accountingSettings.taxLockDate, lastNumber: accountingSettings.lastNumber })
    .from(accountingSettings);
  return row!;
}

export async function setLockDates(tx: TenantTx, _actor: Actor, rawInput: z.input<typeof lockDatesInput>) {
  const input = parseInput(lockDatesInput, rawInput);
  if (input.lockDate && input.memberLockDate && input.memberLockDate < input.lockDate) {
    throw new ValidationFailed({ memberLockDate: ["The members' lock date cannot be before the lock date for everyone (that one already locks them)."] });
  }
  const before = await getLockDates(tx);
  await tx
    .update(accountingSettings)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(accountingSettings.tenantId, sql`nullif(current_setting('app.tenant_id', true), '')::uuid`));
  await recordAudit(tx, { action: "accounting.lock_dates.updated", entityType: "accounting.settings", entityId: null, before, after: input });
  return getLockDates(tx);
}
