import { runtimeDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { getUserByEmail, registerUser } from "../accounts/service";
import { markEmailsVerified } from "../accounts/verified";
import { recordAudit } from "../audit/service";
import { TENANT_LIFECYCLE } from "../lifecycle";
import { memberships } from "./schema";
import { createOrganization, findOrganizationForUser } from "./service";

/** The demo workspace a newcomer lands in; also written in the README. */
export const DEMO = {
  owner: { name: "Dana Demo", email: "demo@neuroops.local", password: "neuroops-demo-2026" },
  colleague: { name: "Sam Sales", email: "sam@neuroops.local", password: "neuroops-demo-2026" },
  organization: { name: "Acme Demo", slug: "acme-demo" },
} as const;

/**
 * Creates the demo users and organization through the same services the app uses.
 * Idempotent: returns early when the demo owner already exists.
 */
export async function seedDemoData(): Promise<{ created: boolean }> {
  const db = runtimeDb();
  if (await getUserByEmail(db, DEMO.owner.email)) return { created: false };
  const owner = await registerUser(db, DEMO.owner);
  const colleague = (await getUserByEmail(db, DEMO.colleague.email)) ?? (await registerUser(db, DEMO.colleague));
  const org = await createOrganization(owner.id, { name: DEMO.organization.name });
  await withTenant({ tenantId: org.id, userId: owner.id }, async (tx) => {
    await tx.insert(memberships).values({ userId: colleague.id, role: "member" }).onConflictDoNothing();
    await recordAudit(tx, { action: "member.added", entityType: "membership", entityId: colleague.id, after: { role: "member" } });
    const people = { owner: { userId: owner.id, role: "owner" as const }, colleague: { userId: colleague.id, role: "member" as const } };
    for (const { seedDemo } of TENANT_LIFECYCLE) await seedDemo?.(tx, people);
  });
  // Demo accounts need no confirmation email.
  await markEmailsVerified(db, [owner.id, colleague.id]);
  const check = await findOrganizationForUser(owner.id, org.slug);
  if (!check) throw new Error("demo seed: the owner cannot see the demo organization");
  return { created: true };
}
