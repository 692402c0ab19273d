"use client";

import Link from "next/link";
import { useId } from "react";
import { BILLING } from "@/server/modules/billing/permissions";
import { cheapestPlanWith, PLANS, type Feature } from "@/server/modules/orgs/plans";
import { roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";

/**
 * What a page shows when the plan lacks one of its features: a heading, what the feature gives
 * (`describe` gets the label of the cheapest plan that has it, or null), and the way to Settings →
 * Billing for those who may open it; the others are told whom to ask.
 */
export function FeatureGate({
  feature,
  title,
  describe,
  slug,
  role,
  compact = false,
}: {
  feature: Feature;
  title: string;
  describe: (cheapestPlanLabel: string | null) => React.ReactNode;
  slug: string;
  role: MemberRole;
  compact?: boolean;
}) {
  const upgrade = cheapestPlanWith(feature);
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className={compact ? "flex flex-col gap-2 text-sm" : "flex flex-col gap-2 rounded-card border border-brand-200 bg-brand-50 p-5 text-sm text-brand-900"}
    >
      <h2 id={headingId} className="text-base font-semibold text-ink">
        {title}
      </h2>
      <p className="text-ink-muted">{describe(upgrade ? PLANS[upgrade].label : null)}</p>
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
