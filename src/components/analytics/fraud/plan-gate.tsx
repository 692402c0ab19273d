"use client";

import { FeatureGate } from "@/components/billing/feature-gate";
import type { MemberRole } from "@/server/modules/orgs/roles";

/** The plan lacks `fraud_scores`: nothing is scored, and the way to a plan that has it. */
export function FraudPlanGate({ slug, role, planLabel }: { slug: string; role: MemberRole; planLabel: string }) {
  return (
    <FeatureGate
      feature="fraud_scores"
      title="Fraud scores are a paid feature"
      slug={slug}
      role={role}
      describe={(plan) => (
        <>
          Scoring every payment, bill and manual journal entry for signs of fraud, with the reasons in words and a review queue, comes with the{" "}
          {plan ? `${plan} plan` : "paid plans"}; your {planLabel} plan does not include it, so nothing is scored.
        </>
      )}
    />
  );
}
