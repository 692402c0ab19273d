import type { Metadata } from "next";
import { DuplicateList } from "@/components/crm/merge/duplicate-list";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Duplicates" };

/** /t/[slug]/crm/duplicates?entity=contact|company: likely duplicates across the organization. */
export default async function DuplicatesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const { entity } = await searchParams;
  const kind = entity === "company" ? "company" : "contact";
  return <DuplicateList key={kind} slug={org.slug} entity={kind} role={org.role} />;
}
