import type { Metadata } from "next";
import { BillingSettings } from "@/components/billing/billing-settings";
import { BILLING } from "@/server/modules/billing/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";

export const metadata: Metadata = { title: "Billing" };

/** Settings → Billing (owners and admins read; owners upgrade and manage the subscription). */
export default async function BillingSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  // The settings layout explains why; nothing to load below admin.
  if (!roleAtLeast(org.role, BILLING.read)) return null;
  return <BillingSettings canManage={roleAtLeast(org.role, BILLING.manage)} />;
}
