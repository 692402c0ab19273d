import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { parseAuditFilters } from "@/components/audit/filters";
import { withTenant } from "@/server/db/tenant";
import { AUDIT } from "@/server/modules/audit/permissions";
import { currentPlan } from "@/server/modules/orgs/limits";
import { cheapestPlanWith, PLANS } from "@/server/modules/orgs/plans";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Audit log" };

/** Settings → Audit log (owners and admins): filters come from the URL (?action=member.&from=2026-03-01…). */
export default async function AuditSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load for a member or viewer.
  if (!roleAtLeast(org.role, AUDIT.read)) return null;
  // The export is a paid feature (the route checks it again): below it, the page says which plan includes it.
  const plan = await withTenant({ tenantId: org.id, userId: user.id, role: org.role }, (tx) => currentPlan(tx));
  const upgrade = cheapestPlanWith("audit_export");
  const exportLocked = PLANS[plan].features.audit_export ? null : { planLabel: PLANS[plan].label, upgradeLabel: upgrade ? PLANS[upgrade].label : null };
  return <AuditLog tenantId={org.id} slug={org.slug} initialFilters={parseAuditFilters(await searchParams)} exportLocked={exportLocked} />;
}
