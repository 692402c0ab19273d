"use client";

import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { BILLING } from "@/server/modules/billing/permissions";
import { isPlan, PLANS } from "@/server/modules/orgs/plans";
import { MEMBER_ROLES, roleAtLeast, type MemberRole } from "@/server/modules/orgs/roles";

const isMemberRole = (role: string): role is MemberRole => (MEMBER_ROLES as readonly string[]).includes(role);

/** What a LimitReached refusal carries to the client (the error table's `limit` data). */
function planLimitOf(error: unknown): { limit: string; plan: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { limit?: unknown; plan?: unknown } | undefined;
  return typeof data?.limit === "string" && typeof data.plan === "string" ? { limit: data.limit, plan: data.plan } : null;
}

/**
 * The upgrade prompt, once for the whole app: whenever a request is refused for a plan limit
 * (403 LimitReached: the page shows the refusal itself), the shell offers "See plans" on
 * Settings → Billing. Listens to every query and mutation of the tenant's client.
 */
export function LimitPrompt({ slug, role }: { slug: string; role: string }) {
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<string | null>(null);
  useEffect(() => {
    const seen = (error: unknown) => {
      const refusal = planLimitOf(error);
      if (refusal) setPlan(refusal.plan);
    };
    const offMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") seen(event.action.error);
    });
    const offQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") seen(event.action.error);
    });
    return () => {
      offMutations();
      offQueries();
    };
  }, [queryClient]);
  if (plan === null) return null;
  const label = isPlan(plan) ? PLANS[plan].label : "current";
  return (
    <div role="status" className="flex items-center justify-between gap-3 border-b border-brand-200 bg-brand-50 px-4 py-2 text-sm text-brand-800 lg:px-8">
      <p>
        That is beyond what the {label} plan includes.{" "}
        {isMemberRole(role) && roleAtLeast(role, BILLING.read) ? (
          <Link href={`/t/${slug}/settings/billing`} className="font-medium underline" onClick={() => setPlan(null)}>
            See plans
          </Link>
        ) : (
          "Ask an owner of the organization to upgrade."
        )}
      </p>
      <button type="button" className="rounded px-2 text-brand-800 hover:bg-brand-100" aria-label="Dismiss" onClick={() => setPlan(null)}>
        ×
      </button>
    </div>
  );
}
