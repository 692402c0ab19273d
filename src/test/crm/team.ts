import { withTenant, type TenantTx } from "../../server/db/tenant";
import type { SessionUser } from "../../server/modules/accounts/service";
import type { CrmActor } from "../../server/modules/crm/common";
import type { MemberRole } from "../../server/modules/orgs/schema";
import { addMember, createTenant, createUser } from "../fixtures";

export type TeamMember = SessionUser & { role: MemberRole; actor: CrmActor; run: <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T> };

function memberOf(tenantId: string, user: SessionUser, role: MemberRole): TeamMember {
  const actor = { userId: user.id, role };
  // As tRPC would: the member's role in app.role, so record visibility applies.
  return { ...user, role, actor, run: (fn) => withTenant({ tenantId, userId: user.id, role }, fn) };
}

/** A tenant with an owner and one person per extra role, each able to run services as themselves. */
export async function crmTeam<R extends MemberRole>(...roles: R[]) {
  const { org, owner } = await createTenant();
  const people: TeamMember[] = [];
  for (const role of roles) {
    const user = await createUser();
    await addMember(org.id, user.id, role);
    people.push(memberOf(org.id, user, role));
  }
  return { org, owner: memberOf(org.id, owner, "owner"), people };
}
