import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CompanyRecord } from "@/components/crm/companies/company-record";
import { getTenantPage } from "@/server/tenant-page";
import { loadRecordTitle } from "../../record-page";

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (org.suspendedAt) return { title: "Company" };
  return { title: (await loadRecordTitle(org.id, "company", id)) ?? "Company not found" };
}

export default async function CompanyPage({ params }: Props) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  // Missing, merged away or hidden: a 404 with the same words the record page uses.
  if (!org.suspendedAt && (await loadRecordTitle(org.id, "company", id)) === null) notFound();
  return <CompanyRecord slug={org.slug} id={id} role={org.role} />;
}
