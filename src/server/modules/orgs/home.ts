import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/tenant";
import type { ChecklistStep, HomeContext, HomeContribution } from "../home-types";
import { ORGS } from "./permissions";
import { roleAtLeast } from "./roles";

/** "Invite a colleague": done once someone else is a member, or an invitation is waiting for an answer. */
export async function orgsChecklist(tx: TenantTx, ctx: HomeContext): Promise<ChecklistStep[]> {
  const [row] = await tx.execute<{ members: number; pending: boolean }>(sql`
    select (select count(*)::int from memberships) as members,
           exists (select 1 from invitations where accepted_at is null and revoked_at is null and expires_at > ${ctx.now.toISOString()}::timestamptz) as pending`);
  const { members, pending } = row!;
  const done = members > 1 || pending;
  return [
    {
      id: "orgs-invite",
      label: "Invite a colleague",
      description: members > 1 ? "Someone else has joined." : pending ? "An invitation is waiting for an answer." : "Work on the same contacts and deals together.",
      done,
      href: roleAtLeast(ctx.role, ORGS.manage) ? "/settings/members" : undefined,
    },
  ];
}

export const orgsHome: HomeContribution = { checklist: orgsChecklist };
