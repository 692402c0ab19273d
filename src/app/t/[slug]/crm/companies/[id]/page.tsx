import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CompanyRecord } from "@/components/crm/companies/company-record";
import { isUuid } from "@/components/crm/shared/list-query";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Company" };

export default async function CompanyPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!isUuid(id)) notFound();
  return <CompanyRecord slug={org.slug} id={id} role={org.role} />;
}
