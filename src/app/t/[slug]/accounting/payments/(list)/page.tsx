import type { Metadata } from "next";
import { PaymentList } from "@/components/accounting/payment-list";
import { getTenantPage } from "@/server/tenant-page";
import { HydrateClient } from "@/trpc/hydrate";
import { prefetchPayments } from "../../prefetch";

export const metadata: Metadata = { title: "Payments" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** /t/[slug]/accounting/payments (?direction=received|made): the first page of payments, fetched on the server. */
export default async function PaymentsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { org } = await getTenantPage(slug);
  if (!org.suspendedAt) await prefetchPayments(org.id, await searchParams);
  return (
    <HydrateClient>
      <PaymentList slug={org.slug} />
    </HydrateClient>
  );
}
