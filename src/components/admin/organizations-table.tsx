"use client";

import clsx from "clsx";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AdminOrganization } from "@/server/modules/orgs/administration";
import { PLANS, type Plan } from "@/server/modules/orgs/plans";
import { useTRPC } from "@/trpc/client";
import { Button } from "../ui/button";
import { readServerError } from "../ui/server-errors";
import { useFormat } from "@/components/format/format-provider";

export type AdminOrganizationRow = AdminOrganization;

export type RowOutcome = { ok: true; text: string } | { ok: false; text: string };


const PLAN_LABELS = Object.fromEntries(Object.entries(PLANS).map(([plan, { label }]) => [plan, label])) as Record<Plan, string>;

function members(n: number): string {
  return `${n} ${n === 1 ? "member" : "members"}`;
}

function StatusBadge({ org }: { org: AdminOrganizationRow }) {
  const suspended = Boolean(org.suspendedAt);
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        suspended ? "bg-danger-50 text-danger-700 ring-danger-600/30" : "bg-success-50 text-success-700 ring-success-700/25",
      )}
    >
      {/* A shape per status, so the badge does not rely on colour alone. */}
      <svg viewBox="0 0 12 12" className="size-3 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden>
        {suspended ? <path d="M4.5 3v6M7.5 3v6" /> : <path d="m2.5 6.5 2.3 2.2L9.5 3.5" />}
      </svg>
      {suspended ? "Suspended" : "Active"}
    </span>
  );
}

/** Restores a suspended organization at once (nothing to confirm: it gives access back). */
function UnsuspendButton({ org, onOutcome }: { org: AdminOrganizationRow; onOutcome: (outcome: RowOutcome) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unsuspend = useMutation(
    trpc.admin.unsuspend.mutationOptions({
      onSuccess: async () => {
        onOutcome({ ok: true, text: `${org.name} is active again. Its members can use it.` });
        await queryClient.invalidateQueries(trpc.admin.organizations.pathFilter());
      },
      onError: (error) => onOutcome({ ok: false, text: `Could not unsuspend ${org.name}: ${readServerError(error).message}` }),
    }),
  );
  return (
    <Button
      type="button"
      variant="secondary"
      className="whitespace-nowrap px-2.5 py-1.5 sm:px-3"
      pending={unsuspend.isPending}
      onClick={() => unsuspend.mutate({ tenantId: org.id })}
      aria-label={`Unsuspend ${org.name}`}
    >
      Unsuspend
    </Button>
  );
}

/** The plan, changeable at once (billing will set it from Stripe; until then the super admin does). */
function PlanSelect({ org, onOutcome }: { org: AdminOrganizationRow; onOutcome: (outcome: RowOutcome) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setPlan = useMutation(
    trpc.admin.setPlan.mutationOptions({
      onSuccess: async ({ plan }) => {
        onOutcome({ ok: true, text: `${org.name} is now on the ${PLAN_LABELS[plan]} plan.` });
        await queryClient.invalidateQueries(trpc.admin.organizations.pathFilter());
      },
      onError: (error) => onOutcome({ ok: false, text: `Could not change the plan of ${org.name}: ${readServerError(error).message}` }),
    }),
  );
  return (
    <select
      aria-label={`Plan of ${org.name}`}
      className="rounded-md border border-gray-300 bg-white px-2 py-1 text-sm text-ink disabled:opacity-60"
      value={setPlan.isPending ? setPlan.variables.plan : org.plan}
      disabled={setPlan.isPending}
      onChange={(event) => setPlan.mutate({ tenantId: org.id, plan: event.target.value as Plan })}
    >
      {Object.entries(PLAN_LABELS).map(([plan, label]) => (
        <option key={plan} value={plan}>
          {label}
        </option>
      ))}
    </select>
  );
}

type TableProps = {
  organizations: AdminOrganizationRow[];
  caption: string;
  dimmed?: boolean;
  onSuspend: (org: AdminOrganizationRow) => void;
  onOutcome: (outcome: RowOutcome) => void;
};

/**
 * One row per organization. Names are deliberately not links: the super admin is not a
 * member, and the tenant pages would answer 404 anyway.
 */
export function OrganizationsTable({ organizations, caption, dimmed, onSuspend, onOutcome }: TableProps) {
  const format = useFormat();
  return (
    <div className={clsx("-mx-5 overflow-x-auto border-y border-gray-200 transition-opacity sm:mx-0 sm:rounded-lg sm:border", dimmed && "opacity-60")}>
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs font-medium uppercase tracking-wide text-ink-faint">
          <tr>
            <th scope="col" className="py-2 pl-3 pr-2 font-medium sm:pl-4 sm:pr-3">
              Organization
            </th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
              Members
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Plan
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Created
            </th>
            <th scope="col" className="px-2 py-2 font-medium sm:px-3">
              Status
            </th>
            <th scope="col" className="py-2 pl-2 pr-3 text-right font-medium sm:pl-3 sm:pr-4">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {organizations.map((org) => (
            <tr key={org.id} className="align-top hover:bg-surface-muted/60" data-org-id={org.id}>
              <th scope="row" className="max-w-[9rem] py-3 pl-3 pr-2 text-left font-normal sm:max-w-xs sm:pl-4 sm:pr-3">
                <span className="block break-words font-medium text-ink">{org.name}</span>
                <span className="block break-all font-mono text-xs text-ink-faint">{org.slug}</span>
                {/* The columns hidden on small screens, in one line. */}
                <span className="mt-0.5 block text-xs text-ink-muted sm:hidden">
                  {members(org.memberCount)} · {PLAN_LABELS[org.plan]} · created {format.date(org.createdAt)}
                </span>
              </th>
              <td className="hidden px-3 py-3 text-right tabular-nums text-ink sm:table-cell">
                {org.memberCount}
                <span className="sr-only"> {org.memberCount === 1 ? "member" : "members"}</span>
              </td>
              <td className="hidden px-3 py-3 text-ink-muted md:table-cell">
                <PlanSelect org={org} onOutcome={onOutcome} />
              </td>
              <td className="hidden whitespace-nowrap px-3 py-3 text-ink-muted md:table-cell">
                <time dateTime={org.createdAt.toISOString()} title={format.dateTime(org.createdAt)}>
                  {format.date(org.createdAt)}
                </time>
              </td>
              <td className="max-w-[18rem] px-2 py-3 sm:px-3">
                <StatusBadge org={org} />
                {org.suspendedAt && (
                  <span className="mt-1 block text-xs text-ink-muted">
                    since{" "}
                    <time dateTime={org.suspendedAt.toISOString()} title={format.dateTime(org.suspendedAt)}>
                      {format.date(org.suspendedAt)}
                    </time>
                    {org.suspendedReason && (
                      <span className="mt-0.5 line-clamp-3 break-words text-ink" title={org.suspendedReason}>
                        <span className="sr-only">Reason: </span>
                        {org.suspendedReason}
                      </span>
                    )}
                  </span>
                )}
              </td>
              <td className="py-2 pl-2 pr-3 text-right sm:pl-3 sm:pr-4">
                {org.suspendedAt ? (
                  <UnsuspendButton org={org} onOutcome={onOutcome} />
                ) : (
                  <Button
                    type="button"
                    variant="secondary"
                    className="whitespace-nowrap px-2.5 py-1.5 text-danger-700 sm:px-3"
                    onClick={() => onSuspend(org)}
                    aria-label={`Suspend ${org.name}`}
                    aria-haspopup="dialog"
                  >
                    Suspend
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrganizationsTableSkeleton() {
  return (
    <div className="flex flex-col gap-2" aria-hidden>
      <div className="h-9 animate-pulse rounded-lg bg-surface-sunken" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-14 animate-pulse rounded-lg bg-surface-sunken/70" />
      ))}
    </div>
  );
}
