import type { Metadata } from "next";
import { CrmImportHistory } from "@/components/crm/imports/import-pages";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Imports" };

/** /t/[slug]/crm/imports: the organization's CSV imports (everyone reads; members import). */
export default async function ImportsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, org } = await getTenantPage(slug);
  return <CrmImportHistory slug={org.slug} role={org.role} userId={user.id} />;
}
