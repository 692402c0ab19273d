import type { Actor, TenantTx } from "../../db/tenant";
import { recordAudit } from "../audit/service";
import { dismissHint, hasDismissedHint } from "../accounts/profile";
import type { ChecklistStep, HomeContext, HomeContribution, HomeSection } from "../home-types";
import { currentOrganization } from "../orgs/settings";
import { roleAtLeast, type MemberRole } from "../orgs/roles";
import { HOME } from "./permissions";

export type Home = {
  sections: HomeSection[];
  /** Null once every step is done, when the caller dismissed it, or for roles that cannot act on it. */
  checklist: { steps: ChecklistStep[] } | null;
  timeZone: string;
  baseCurrency: string;
};

/** The key under which a user's dismissal of one organization's checklist is kept (accounts' hints). */
export const checklistHint = (tenantId: string) => `home-checklist:${tenantId}`;

/**
 * The home page: every module's sections and checklist steps, loaded together in the
 * caller's tenant transaction (queries are pipelined on its connection). `contributions`
 * are the modules' `home` entries, in the modules' order.
 */
export async function loadHome(tx: TenantTx, actor: Actor & { role: MemberRole }, tenantId: string, contributions: readonly HomeContribution[], now = new Date()): Promise<Home> {
  const org = await currentOrganization(tx);
  const ctx: HomeContext = { actor, role: actor.role, now, timeZone: org.timeZone, baseCurrency: org.baseCurrency };
  const wantsChecklist = roleAtLeast(actor.role, HOME.checklist) && !(await hasDismissedHint(tx, actor.userId, checklistHint(tenantId)));
  const [sections, steps] = await Promise.all([
    Promise.all(contributions.map((c) => c.sections?.(tx, ctx) ?? Promise.resolve([]))),
    wantsChecklist ? Promise.all(contributions.map((c) => c.checklist?.(tx, ctx) ?? Promise.resolve([]))) : Promise.resolve([]),
  ]);
  const allSteps = steps.flat();
  const open = allSteps.length > 0 && allSteps.some((step) => !step.done);
  return { sections: sections.flat(), checklist: open ? { steps: allSteps } : null, timeZone: org.timeZone, baseCurrency: org.baseCurrency };
}

/** "Don't show again": remembered for this user and this organization only. */
export async function dismissChecklist(tx: TenantTx, actor: Actor, tenantId: string): Promise<void> {
  await dismissHint(tx, actor.userId, checklistHint(tenantId));
  await recordAudit(tx, { action: "home.checklist_dismissed", entityType: "user", entityId: actor.userId });
}
