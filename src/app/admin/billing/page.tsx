import type { Metadata } from "next";
import Link from "next/link";
import { BillingEventsAdmin } from "@/components/admin/billing-events-admin";

export const metadata: Metadata = { title: "Billing events · Platform admin" };

/** /admin/billing: the Stripe webhook inbox (the layout already restricts /admin to the super admin). */
export default function AdminBillingEventsPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-3xl">
        <p className="text-sm">
          <Link href="/admin" className="font-medium text-brand-700 hover:underline">
            ← Organizations
          </Link>
        </p>
        <h1 className="mt-2 text-2xl font-semibold text-ink">Billing events</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Every verified Stripe webhook event, newest first: whether it was applied, how many attempts it took and the last error. Replaying an
          event queues its processing again; an event already processed is never applied twice, and an older one re-reads the subscription from
          Stripe. An organization with a Stripe subscription has the plan Stripe says: a plan set here by hand is replaced by the next Stripe event
          or <code>npm run billing:sync</code>.
        </p>
      </div>
      <BillingEventsAdmin />
    </div>
  );
}
