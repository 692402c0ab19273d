import { requireRecord } from "../../prefetch";

/** /t/[slug]/accounting/payments/[id]: the payment must exist (HTTP 404 with ../not-found.tsx otherwise, before anything streams). */
export default async function PaymentRecordLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  await requireRecord(slug, "payment", id);
  return children;
}
