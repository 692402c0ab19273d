import Link from "next/link";
import { OrganizationsAdmin } from "@/components/admin/organizations-admin";

export default function AdminPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="max-w-3xl">
        <h1 className="text-2xl font-semibold text-ink">Platform admin</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Every organization on this NeuroOps installation. You see names, sizes and status, not their data: to work inside an organization,
          one of its admins has to invite you.
        </p>
        <p className="mt-2 text-sm">
          <Link href="/admin/billing" className="font-medium text-brand-700 hover:underline">
            Billing events
          </Link>{" "}
          <span className="text-ink-muted">: Stripe webhook events, their errors, and replay.</span>
        </p>
      </div>
      <OrganizationsAdmin />
    </div>
  );
}
