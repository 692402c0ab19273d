import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { parseAuditFilters } from "@/components/audit/filters";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { AUDIT } from "@/server/modules/audit/permissions";

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
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load for a member or viewer.
  if (!roleAtLeast(org.role, AUDIT.read)) return null;
  return <AuditLog tenantId={org.id} slug={org.slug} initialFilters={parseAuditFilters(await searchParams)} />;
}
