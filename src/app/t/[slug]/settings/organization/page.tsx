import type { Metadata } from "next";
import { OrganizationSettingsPanel } from "@/components/orgs/organization-settings";
import { roleAtLeast, ROLE_LABELS } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { ORGS } from "@/server/modules/orgs/permissions";

export const metadata: Metadata = { title: "Organization" };

/** Settings → Organization: owners and admins edit; members and viewers read. */
export default async function OrganizationSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const { saved } = await searchParams;
  return (
    <OrganizationSettingsPanel
      canEdit={roleAtLeast(org.role, ORGS.manage)}
      roleLabel={ROLE_LABELS[org.role]}
      // Set by the form's redirect after the address changed: the page confirms the save.
      movedTo={saved === "address" ? org.slug : undefined}
    />
  );
}
