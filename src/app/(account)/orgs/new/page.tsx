import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { requireSessionUser } from "@/server/session";

export const metadata: Metadata = { title: "Create an organization" };
export const dynamic = "force-dynamic";

export default async function NewOrganizationPage() {
  await requireSessionUser("/orgs/new");
  return (
    <AuthCard
      title="Create an organization"
      subtitle="Your company's workspace. You will be its owner and can invite your team."
      footer={
        <Link href="/orgs" className="font-medium text-brand-700 hover:underline">
          Back to your organizations
        </Link>
      }
    >
      <CreateOrgForm />
    </AuthCard>
  );
}
