"use client";

import Link from "next/link";
import { useId } from "react";
import { BILLING } from "@/server/modules/billing/permissions";
import { cheapestPlanWith, PLANS } from "@/server/modules/orgs/plans";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";

/** The plan lacks `fraud_scores`: nothing is scored, and the way to a plan that has it. */
export function FraudPlanGate({ slug, role, planLabel }: { slug: string; role: MemberRole; planLabel: string }) {
  const upgrade = cheapestPlanWith("fraud_scores");
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-card border border-brand-200 bg-brand-50 p-5 text-sm text-brand-900">
      <h2 id={headingId} className="text-base font-semibold text-ink">
        Fraud scores are a paid feature
      </h2>
      <p className="text-ink-muted">
        Scoring every payment, bill and manual journal entry for signs of fraud, with the reasons in words and a review queue, comes with the{" "}
        {upgrade ? `${PLANS[upgrade].label} plan` : "paid plans"}; your {planLabel} plan does not include it, so nothing is scored.
      </p>
      <p>
        {roleAtLeast(role, BILLING.read) ? (
          <Link href={`/t/${slug}/settings/billing`} className="font-medium text-brand-700 underline hover:text-brand-800">
            Upgrade on Settings → Billing
          </Link>
        ) : (
          "Ask an owner of the organization to upgrade."
        )}
      </p>
    </section>
  );
}
