import type { Metadata } from "next";
import { CrmTrash } from "@/components/crm/trash/crm-trash";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Trash" };

/** /t/[slug]/crm/trash?kind=contact|company|deal: deleted CRM records for 30 days. */
export default async function TrashPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  const { kind } = await searchParams;
  const chosen = kind === "contact" || kind === "company" || kind === "deal" ? kind : null;
  return <CrmTrash key={chosen ?? "all"} slug={org.slug} role={org.role} kind={chosen} />;
}
