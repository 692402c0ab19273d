"use client";

import Link from "next/link";
import { useId } from "react";
import { Alert } from "@/components/ui/alert";
import { BILLING } from "@/server/modules/billing/permissions";
import { cheapestPlanWith, isPlan, PLANS } from "@/server/modules/orgs/plans";
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
  const upgrade = cheapestPlanWith("ai_chat");
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className={compact ? "flex flex-col gap-2 text-sm" : "flex flex-col gap-2 rounded-card border border-brand-200 bg-brand-50 p-5 text-sm text-brand-900"}
    >
      <h2 id={headingId} className="text-base font-semibold text-ink">
        The AI assistant is a paid feature
      </h2>
      <p className="text-ink-muted">
        Asking questions about your documents and records, searching them by meaning and uploading documents come with the{" "}
        {upgrade ? `${PLANS[upgrade].label} plan and up` : "paid plans"}; your {planLabel} plan does not include them.
      </p>
      <p>
        <BillingWay slug={slug} role={role} label="Upgrade on Settings → Billing" />
      </p>
    </section>
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
