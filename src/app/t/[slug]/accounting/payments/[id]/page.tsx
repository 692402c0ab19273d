import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaymentRecord } from "@/components/accounting/payment-record";
import { ACCOUNTING } from "@/server/modules/accounting/permissions";
import { roleAtLeast } from "@/server/modules/orgs/roles";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { loadPayment } from "../../prefetch";

export const metadata: Metadata = { title: "Payment" };

/** /t/[slug]/accounting/payments/[id]: a payment and its allocations, fetched on the server (./layout.tsx has checked it exists). */
export default async function PaymentPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt && (await loadPayment(org.id, id)) === null) notFound();
  return (
    <HydrateClient>
      <PaymentRecord slug={org.slug} id={id} canPost={roleAtLeast(org.role, ACCOUNTING.post)} />
    </HydrateClient>
  );
}
