import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../db/tenant";
import { parseInput } from "../../platform/validate";
import { recordAudit } from "../audit/service";
import type { CrmActor } from "./common";
import { crmSettings, recordVisibility } from "./schema";

export const visibilitySettingsInput = z.object({
  memberVisibility: z.enum(recordVisibility.enumValues),
  viewerVisibility: z.enum(recordVisibility.enumValues),
});
export type VisibilitySettings = z.output<typeof visibilitySettingsInput>;

const DEFAULTS: VisibilitySettings = { memberVisibility: "all", viewerVisibility: "all" };

/**
 * Who sees which companies, contacts and deals. Owners and admins always see all; the
 * database policy `crm_record_visibility` enforces the rest (drizzle/0009_crm_tenancy.sql).
 */
export async function getVisibilitySettings(tx: TenantTx): Promise<VisibilitySettings> {
  const [row] = await tx.select({ memberVisibility: crmSettings.memberVisibility, viewerVisibility: crmSettings.viewerVisibility }).from(crmSettings);
  return row ?? DEFAULTS;
}

export async function updateVisibilitySettings(tx: TenantTx, _actor: CrmActor, rawInput: z.input<typeof visibilitySettingsInput>): Promise<VisibilitySettings> {
  const input = parseInput(visibilitySettingsInput, rawInput);
  const before = await getVisibilitySettings(tx);
  await tx
    .insert(crmSettings)
    .values(input)
    .onConflictDoUpdate({ target: crmSettings.tenantId, set: { ...input, updatedAt: new Date() } });
  await recordAudit(tx, { action: "crm.settings.visibility_changed", entityType: "crm.settings", before, after: input });
  return input;
}

/** What a new organization's CRM starts with: the default pipeline (one SQL definition, also used by the migration). */
export async function provisionCrm(tx: TenantTx): Promise<void> {
  await tx.execute(sql`select neuroops_crm_ensure_default_pipeline()`);
}
