import type { Metadata } from "next";
import { CrmSettings } from "@/components/crm/settings/crm-settings";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { CRM } from "@/server/modules/crm/permissions";

export const metadata: Metadata = { title: "CRM" };

/** Settings → CRM (owners and admins): custom fields and record visibility. */
export default async function CrmSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load below admin.
  if (!roleAtLeast(org.role, CRM.configure)) return null;
  return <CrmSettings />;
}
