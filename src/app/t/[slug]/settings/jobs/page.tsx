import type { Metadata } from "next";
import { JobsDashboard } from "@/components/jobs/jobs-dashboard";
import { parseStatusFilter } from "@/components/jobs/status";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { JOBS } from "@/server/modules/jobs/permissions";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load for a member or viewer.
  if (!roleAtLeast(org.role, JOBS.manage)) return null;
  const { status } = await searchParams;
  return <JobsDashboard initialStatus={parseStatusFilter(typeof status === "string" ? status : undefined)} />;
}
