"use client";

import Link from "next/link";
import { FeatureGate } from "@/components/billing/feature-gate";
import { Alert } from "@/components/ui/alert";
import { BILLING } from "@/server/modules/billing/permissions";
import { isPlan, PLANS } from "@/server/modules/orgs/plans";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";
import { billingHref } from "./links";

/* What the AI pages say when the plan stands in the way: the feature is not in it, or a limit is reached. */

/** "See plans" for those who can open Settings → Billing; the others are told whom to ask. */
function BillingWay({ slug, role, label }: { slug: string; role: MemberRole; label: string }) {
  if (!roleAtLeast(role, BILLING.read)) return <>Ask an owner of the organization to upgrade.</>;
  return (
    <Link href={billingHref(slug)} className="font-medium text-brand-700 underline hover:text-brand-800">
      {label}
    </Link>
  );
}

/** The plan lacks `ai_chat`: the assistant, search and uploads are a paid feature. */
export function AiPlanGate({ slug, role, planLabel, compact = false }: { slug: string; role: MemberRole; planLabel: string; compact?: boolean }) {
  return (
    <FeatureGate
      feature="ai_chat"
      title="The AI assistant is a paid feature"
      slug={slug}
      role={role}
      compact={compact}
      describe={(plan) => (
        <>
          Asking questions about your documents and records, searching them by meaning and uploading documents come with the{" "}
          {plan ? `${plan} plan and up` : "paid plans"}; your {planLabel} plan does not include them.
        </>
      )}
    />
  );
}

/** A refusal for a plan limit (documents, questions this month), with the way to a bigger plan. */
export function LimitNotice({ slug, role, message, plan }: { slug: string; role: MemberRole; message: string; plan: string }) {
  return (
    <Alert>
      {message} {isPlan(plan) ? `(${PLANS[plan].label} plan) ` : ""}
      <BillingWay slug={slug} role={role} label="See plans" />
    </Alert>
  );
}
